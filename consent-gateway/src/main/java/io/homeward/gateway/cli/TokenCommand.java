package io.homeward.gateway.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code homeward token}: signs a bearer token for a local user (one-machine mode). */
@Command(
    name = "token",
    mixinStandardHelpOptions = true,
    description =
        "Signs a bearer token for a local user with the one-machine key (created if missing).")
public final class TokenCommand implements Callable<Integer> {
  @Option(names = "--keys", required = true, description = "the gateway's key folder")
  Path keys;

  @Option(names = "--subject", required = true, description = "the user id (never a name)")
  String subject;

  @Option(names = "--org", required = true, description = "the user's organisation id")
  String organisation;

  @Option(
      names = "--role",
      required = true,
      split = ",",
      description =
          "roles: NGO_VOLUNTEER, NGO_CASEWORKER, POLICE_INVESTIGATOR, FACE_EXAMINER,"
              + " PRIVACY_OFFICER, ADMIN")
  List<String> roles;

  @Option(
      names = "--hours",
      defaultValue = "12",
      description = "lifetime in hours, 1 to 24 (the gateway refuses longer-lived tokens)")
  int hours;

  @Override
  public Integer call() {
    if (hours < 1 || hours > 24) {
      System.err.println("--hours is 1 to 24: the gateway refuses tokens that live longer");
      return 2;
    }
    Set<String> granted = new LinkedHashSet<>(roles);
    System.out.println(
        LocalTokens.mint(
            LocalTokens.ensureKeys(keys), subject, organisation, granted, Duration.ofHours(hours)));
    return 0;
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new TokenCommand()).execute(args));
  }
}
