package io.homeward.tools.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The command line tool: {@code embed} photos to faces (and vectors on request), {@code eval}
 * cross-age accuracy on a folder and manifest, {@code bench} speed. Runs on the plain classpath: no
 * service starts, no port opens.
 */
@Command(
    name = "homeward",
    mixinStandardHelpOptions = true,
    version = "homeward 0.1.0",
    description =
        "Homeward face tools: embed, eval, bench, fit-projection, age-eval; import (through a gateway).",
    subcommands = {
      EmbedCommand.class,
      EvalCommand.class,
      BenchCommand.class,
      FitProjectionCommand.class,
      FitCalibrationCommand.class,
      AgeEvalCommand.class,
      ImportCommand.class,
      CaseSearchBenchCommand.class,
      LoadCommand.class,
      DetectEvalCommand.class
    })
public final class HomewardCli implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.err);
  }

  public static void main(String[] args) {
    System.setProperty("java.awt.headless", "true");
    int code =
        new CommandLine(new HomewardCli())
            .setExecutionExceptionHandler(
                (e, cmd, parsed) -> {
                  // Operator-facing: say what failed, without a stack trace unless asked for.
                  cmd.getErr().println("homeward: " + e.getMessage());
                  if (System.getenv("HOMEWARD_DEBUG") != null) {
                    e.printStackTrace(cmd.getErr());
                  }
                  return 2;
                })
            .execute(args);
    System.exit(code);
  }
}
