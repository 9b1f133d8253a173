package io.homeward.gateway.cli;

import com.google.crypto.tink.KeysetHandle;
import io.homeward.gateway.security.FieldResealer;
import io.homeward.gateway.security.FieldSealer;
import io.homeward.gateway.security.Keysets;
import io.homeward.gateway.security.Reseal;
import io.homeward.gateway.security.SealedColumn;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Rotates the key that seals text fields (locations, justifications), offline: the gateway is
 * stopped (it holds the keyset in memory, and on one machine the H2 file is locked while it runs).
 *
 * <ol>
 *   <li>Adds a new primary key to {@code fields.json} (a raw legacy {@code fields.key} is first
 *       imported); the older keys stay, for reading only. Skipped when a rotation is under way (the
 *       keyset holds more than one key): the run continues it.
 *   <li>Re-seals every sealed column under the new primary, row by row, with progress; a crash
 *       leaves every row readable and a rerun continues where it stopped.
 *   <li>With {@code --finish}, once no value is left under an older key, removes the older keys
 *       (and the legacy file): backups sealed with them can no longer be opened.
 * </ol>
 *
 * Exit code 0: done; 1: values that no key opens (nothing retired); 2: cannot run.
 */
@Command(
    name = "homeward-rotate-field-key",
    mixinStandardHelpOptions = true,
    description = "Rotates the gateway's field key and re-seals every sealed field (offline).",
    exitCodeOnInvalidInput = 2,
    exitCodeOnExecutionException = 2)
public final class RotateFieldKeyCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin DbOptions db;

  @Option(names = "--keys", required = true, description = "the gateway's data key folder")
  Path keys;

  @Option(
      names = "--finish",
      description = "after a complete re-seal, remove the older keys from the keyset")
  boolean finish;

  public static void main(String[] args) {
    System.exit(new CommandLine(new RotateFieldKeyCommand()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!db.present()) {
      err.println("no database: give --db-url or set HOMEWARD_DB_URL");
      return 2;
    }
    Path file = keys.resolve(FieldSealer.KEYSET_FILE);
    KeysetHandle keyset = FieldSealer.keyset(keys, false);
    if (keyset.size() == 1) {
      keyset = Keysets.addPrimary(keyset);
      Keysets.write(file, keyset);
      out.println("field key: new primary key added to " + file + "; older key kept for reading");
    } else {
      out.println(
          "field key: a rotation is under way ("
              + keyset.size()
              + " keys in "
              + file
              + "); continuing it");
    }
    out.flush();
    FieldResealer resealer =
        new FieldResealer(
            Keysets.aead(keyset),
            Keysets.aead(Keysets.retireAllButPrimary(keyset)),
            line -> {
              out.println(line);
              out.flush();
            });
    Reseal done = new Reseal(0, 0, 0);
    try (Connection c = db.connect()) {
      for (SealedColumn col : SealedColumn.ALL) {
        done = done.plus(resealer.reseal(c, col));
      }
    }
    if (!done.complete()) {
      err.println(
          done.failed()
              + " sealed value(s) open with no key of the keyset: nothing retired; restore the"
              + " key that sealed them into the keyset, then run again");
      return 1;
    }
    if (finish) {
      Keysets.write(file, Keysets.retireAllButPrimary(keyset));
      boolean legacy = FieldSealer.deleteLegacy(keys);
      out.println(
          "field key: older keys removed"
              + (legacy ? " (and the legacy " + FieldSealer.LEGACY_FILE + ")" : "")
              + "; every sealed field is under the primary key");
    } else {
      out.println(
          "field key: every sealed field is under the new primary key; the older keys stay for"
              + " reading until you run again with --finish");
    }
    return 0;
  }
}
