package io.homeward.gateway.access;

import io.homeward.gateway.db.Database;
import io.homeward.gateway.policy.Actor;
import io.homeward.gateway.store.AccountStore;
import jakarta.enterprise.context.ApplicationScoped;

/** Reads an account's lock state for each request. */
@ApplicationScoped
public class Accounts {
  private final Database db;
  private final AccountStore store;

  public Accounts(Database db, AccountStore store) {
    this.db = db;
    this.store = store;
  }

  public boolean isLocked(Actor actor) {
    return db.inTransaction(tx -> store.isLocked(tx, actor.subject()));
  }
}
