package io.homeward.gateway.access;

import io.homeward.gateway.db.Database;
import io.homeward.gateway.policy.Actor;
import io.homeward.gateway.store.AccountStore;
import io.homeward.gateway.store.OrganisationStore;
import jakarta.enterprise.context.ApplicationScoped;

/** Reads an account's lock state and its organisation's for each request. */
@ApplicationScoped
public class Accounts {
  private final Database db;
  private final AccountStore store;
  private final OrganisationStore organisations;

  public Accounts(Database db, AccountStore store, OrganisationStore organisations) {
    this.db = db;
    this.store = store;
    this.organisations = organisations;
  }

  /**
   * What the database says about an actor now.
   *
   * @param locked whether the account is locked (rule 16)
   * @param organisationDeactivated whether an administrator deactivated the actor's organisation
   */
  public record Standing(boolean locked, boolean organisationDeactivated) {}

  public boolean isLocked(Actor actor) {
    return db.inTransaction(tx -> store.isLocked(tx, actor.subject()));
  }

  /**
   * The account's lock and its organisation's state, in one read. An organisation this machine does
   * not know is not deactivated: a cluster's identity provider may name organisations no
   * administrator created here.
   */
  public Standing standing(Actor actor) {
    return db.inTransaction(
        tx ->
            new Standing(
                store.isLocked(tx, actor.subject()),
                organisations.isDeactivated(tx, actor.organisation())));
  }

  /** Whether an administrator deactivated the organisation. */
  public boolean organisationDeactivated(String organisation) {
    return db.inTransaction(tx -> organisations.isDeactivated(tx, organisation));
  }
}
