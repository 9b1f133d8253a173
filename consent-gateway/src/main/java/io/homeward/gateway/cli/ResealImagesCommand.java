package io.homeward.gateway.cli;

import com.google.crypto.tink.KeysetHandle;
import io.homeward.gateway.images.EncryptedDirectoryImageStore;
import io.homeward.gateway.images.ImageNotFoundException;
import io.homeward.gateway.images.ImageStoreException;
import io.homeward.gateway.security.Keysets;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Rotates the image key and re-encrypts every stored image under it, offline (the gateway holds the
 * keyset in memory: stop it first, start it after).
 *
 * <ol>
 *   <li>Adds a new primary key to the image keyset; the older keys stay, for reading only. Skipped
 *       when a rotation is under way (the keyset holds more than one key): the run continues it.
 *   <li>Re-encrypts every image that does not open with the primary alone, one file at a time (each
 *       an atomic rename), with progress; a rerun after a crash continues.
 *   <li>With {@code --finish}, once every image opens with the primary, removes the older keys:
 *       copies of the images in backups can no longer be opened (crypto-erasure of deleted ones).
 * </ol>
 *
 * Exit code 0: done; 1: images that no key opens (nothing retired); 2: cannot run.
 */
@Command(
    name = "homeward-reseal-images",
    mixinStandardHelpOptions = true,
    description = "Rotates the image key and re-encrypts every stored image under it (offline).",
    exitCodeOnInvalidInput = 2,
    exitCodeOnExecutionException = 2)
public final class ResealImagesCommand implements Callable<Integer> {
  private static final int EVERY = 100;

  @Spec CommandSpec spec;

  @Option(names = "--keyset", required = true, description = "the image keyset (Tink JSON)")
  Path keysetFile;

  @Option(names = "--images", required = true, description = "the encrypted image folder")
  Path images;

  @Option(
      names = "--finish",
      description = "after every image is re-encrypted, remove the older keys from the keyset")
  boolean finish;

  public static void main(String[] args) {
    System.exit(new CommandLine(new ResealImagesCommand()).execute(args));
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!Files.exists(keysetFile)) {
      err.println("no image keyset at " + keysetFile);
      return 2;
    }
    KeysetHandle keyset = Keysets.read(keysetFile);
    if (keyset.size() == 1) {
      keyset = Keysets.addPrimary(keyset);
      Keysets.write(keysetFile, keyset);
      out.println(
          "image key: new primary key added to " + keysetFile + "; older key kept for reading");
    } else {
      out.println(
          "image key: a rotation is under way ("
              + keyset.size()
              + " keys in "
              + keysetFile
              + "); continuing it");
    }
    out.flush();
    EncryptedDirectoryImageStore store =
        EncryptedDirectoryImageStore.open(images, Keysets.aead(keyset), Long.MAX_VALUE);
    EncryptedDirectoryImageStore primaryOnly =
        EncryptedDirectoryImageStore.open(
            images, Keysets.aead(Keysets.retireAllButPrimary(keyset)), Long.MAX_VALUE);
    List<String> refs = store.refs().stream().sorted().toList();
    long done = 0;
    long resealed = 0;
    long failed = 0;
    for (String ref : refs) {
      done++;
      if (!opens(primaryOnly, ref)) {
        try {
          if (store.reseal(ref)) {
            resealed++;
          }
        } catch (ImageStoreException e) {
          failed++;
        }
      }
      if (done % EVERY == 0) {
        out.println("images: " + done + "/" + refs.size());
        out.flush();
      }
    }
    out.println(
        "images: "
            + done
            + "/"
            + refs.size()
            + " ("
            + resealed
            + " re-encrypted, "
            + failed
            + " failed)");
    if (failed > 0) {
      err.println(
          failed
              + " image(s) open with no key of the keyset: nothing retired; restore the key that"
              + " sealed them into the keyset, then run again");
      return 1;
    }
    if (finish) {
      Keysets.write(keysetFile, Keysets.retireAllButPrimary(keyset));
      out.println("image key: older keys removed; every image is under the primary key");
    } else {
      out.println(
          "image key: every image is under the new primary key; the older keys stay for reading"
              + " until you run again with --finish");
    }
    return 0;
  }

  private static boolean opens(EncryptedDirectoryImageStore store, String ref) {
    try {
      Arrays.fill(store.readPlaintext(ref), (byte) 0);
      return true;
    } catch (ImageStoreException e) {
      return false;
    } catch (ImageNotFoundException e) {
      return true;
    }
  }
}
