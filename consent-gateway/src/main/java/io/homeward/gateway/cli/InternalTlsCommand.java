package io.homeward.gateway.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Makes the one-machine internal CA and the services' certificates when they are missing or expire
 * within {@code --renew-days} (see {@link InternalCertificates}); prints the folder. Run by {@code
 * ./homeward serve} before the services start. Exit code 0: ready; 2: cannot run.
 */
@Command(
    name = "homeward-internal-tls",
    mixinStandardHelpOptions = true,
    description = "Makes the local CA and the certificates for mTLS between the services.",
    exitCodeOnInvalidInput = 2,
    exitCodeOnExecutionException = 2)
public final class InternalTlsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--dir", required = true, description = "the certificates' folder")
  Path dir;

  @Option(
      names = "--renew-days",
      defaultValue = "30",
      description = "issue new certificates when one expires within this many days")
  int renewDays;

  public static void main(String[] args) {
    System.exit(new CommandLine(new InternalTlsCommand()).execute(args));
  }

  @Override
  public Integer call() {
    boolean issued = InternalCertificates.ensure(dir, Duration.ofDays(renewDays));
    spec.commandLine()
        .getOut()
        .println(
            (issued
                    ? "internal TLS: new CA and certificates in "
                    : "internal TLS: certificates in ")
                + dir.toAbsolutePath());
    return 0;
  }
}
