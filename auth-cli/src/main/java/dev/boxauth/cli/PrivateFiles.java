package dev.boxauth.cli;

import dev.boxauth.domain.ConfigurationException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;

/** Files the CLI creates: never overwritten, owner-only where they hold secrets. */
final class PrivateFiles {
  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> WORLD_READABLE =
      PosixFilePermissions.fromString("rw-r--r--");
  private static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY =
      PosixFilePermissions.fromString("rwx------");

  private PrivateFiles() {}

  /**
   * Creates {@code file} readable by its owner only (mode 0600 where POSIX permissions exist) and
   * writes {@code content}; the caller clears {@code content} if it is secret.
   *
   * @throws ConfigurationException naming {@code option} if the file exists or can't be written
   */
  static void writeSecret(Path file, byte[] content, String option) {
    write(file, content, option, OWNER_ONLY);
  }

  /** As {@link #writeSecret}, for a file anyone may read (mode 0644): a public key. */
  static void writePublic(Path file, byte[] content, String option) {
    write(file, content, option, WORLD_READABLE);
  }

  /**
   * Makes {@code dir} (and missing parents) accessible to its owner only (mode 0700 where POSIX
   * permissions exist) unless it exists; an existing directory is used as it is.
   *
   * @return true if this call created it
   * @throws ConfigurationException naming {@code option} if it exists but is not a directory, or
   *     can't be created
   */
  static boolean ensurePrivateDirectory(Path dir, String option) {
    if (Files.isDirectory(dir)) {
      return false;
    }
    if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      throw new ConfigurationException(
          option, dir + " exists and is not a directory", "name a directory, or a new one");
    }
    try {
      if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
        Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIRECTORY));
        // The umask may have removed bits we asked for (never added any): set them exactly.
        Files.setPosixFilePermissions(dir, OWNER_ONLY_DIRECTORY);
      } else {
        Files.createDirectories(dir);
      }
      return true;
    } catch (IOException e) {
      throw new ConfigurationException(
          option,
          dir + " can't be created (" + e.getClass().getSimpleName() + ")",
          "check that its parent is writable, or name another directory",
          e);
    }
  }

  /**
   * Fails with a typed error if {@code file} exists, a dangling symbolic link included: existing
   * keys are never overwritten, and creating the file would fail later.
   */
  static void requireAbsent(Path file, String option) {
    if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
      throw exists(file, option, null);
    }
  }

  /** Deletes files this run created, after a later step failed; best effort. */
  static void deleteQuietly(List<Path> files) {
    for (Path file : files) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        // Left behind; the error the caller reports names the directory.
      }
    }
  }

  private static void write(
      Path file, byte[] content, String option, Set<PosixFilePermission> permissions) {
    try {
      if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
        FileAttribute<Set<PosixFilePermission>> mode =
            PosixFilePermissions.asFileAttribute(permissions);
        Files.createFile(file, mode);
        // The umask may have removed bits we asked for (never added any): set them exactly.
        Files.setPosixFilePermissions(file, permissions);
      } else {
        Files.createFile(file);
      }
      try (OutputStream stream = Files.newOutputStream(file, StandardOpenOption.WRITE)) {
        stream.write(content);
      } catch (IOException e) {
        deleteQuietly(List.of(file)); // created above by this call: no half-written key stays
        throw e;
      }
    } catch (FileAlreadyExistsException e) {
      throw exists(file, option, e);
    } catch (IOException e) {
      throw new ConfigurationException(
          option,
          file + " can't be written (" + e.getClass().getSimpleName() + ")",
          "check that the directory exists and is writable",
          e);
    }
  }

  private static ConfigurationException exists(Path file, String option, Throwable cause) {
    return new ConfigurationException(
        option,
        file + " already exists",
        "choose another file or directory; boxauth never overwrites keys or configs",
        cause);
  }
}
