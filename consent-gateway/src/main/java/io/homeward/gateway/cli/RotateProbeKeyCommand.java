package io.homeward.gateway.cli;

import io.homeward.gateway.security.ProbeKeys;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Rotates the probe HMAC key, offline (the gateway holds the key in memory: stop it first, start it
 * after). See {@link ProbeKeys} for what a rotation means for recorded HMACs and probe counts. Exit
 * code 0: done; 2: cannot run.
 */
@Command(
    name = "homeward-rotate-probe-key",
    mixinStandardHelpOptions = true,
    description =
        "Rotates the gateway's probe HMAC key: new probes get the new key, recorded HMACs and"
            + " per-case probe counts stay (offline).",
    exitCodeOnInvalidInput = 2,
    exitCodeOnExecutionException = 2)
public final class RotateProbeKeyCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--keys", required = true, description = "the gateway's data key folder")
  Path keys;

  @Option(
      names = "--remove-retired",
      description =
          "do not rotate: delete the retired keys, so that older HMACs can no longer be linked"
              + " to any photo")
  boolean removeRetired;

  public static void main(String[] args) {
    System.exit(new CommandLine(new RotateProbeKeyCommand()).execute(args));
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (removeRetired) {
      out.println("probe key: " + ProbeKeys.removeRetired(keys) + " retired key(s) removed");
      return 0;
    }
    if (!Files.exists(keys.resolve(ProbeKeys.FILE))) {
      err.println("no probe key at " + keys.resolve(ProbeKeys.FILE) + ": nothing to rotate");
      return 2;
    }
    Path retired = ProbeKeys.rotate(keys, Clock.systemUTC());
    out.println(
        "probe key: new key in place; new probes are hashed with it, recorded HMACs and probe"
            + " counts are kept");
    out.println(
        "probe key: the old key is kept for investigations only as "
            + retired
            + " (remove with --remove-retired)");
    return 0;
  }
}
