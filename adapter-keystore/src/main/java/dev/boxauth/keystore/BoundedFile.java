package dev.boxauth.keystore;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Reads the small files keys and configs live in, and nothing else: a regular file (a symbolic link
 * is followed to one), checked before it is opened, so that {@code /dev/zero}, a FIFO or a
 * directory fails at once instead of blocking or filling memory; and read through a bounded stream,
 * so that a file that grows, or lies about its size as {@code /proc} files do, still stops at the
 * cap. Stateless.
 */
final class BoundedFile {
  /** Keys, key stores, keysets and configs are a few KiB; over this is not one of them. */
  static final int MAX_BYTES = 1 << 20;

  private BoundedFile() {}

  /** Why a file could not be read; the callers turn it into their typed error. */
  static final class Unreadable extends Exception {
    private static final long serialVersionUID = 1L;

    /** The kinds of failure. */
    enum Kind {
      NOT_FOUND,
      NOT_A_REGULAR_FILE,
      TOO_LARGE,
      NOT_UTF8,
      IO
    }

    final Kind kind;

    Unreadable(Kind kind, String problem) {
      super(problem, null, false, false);
      this.kind = kind;
    }
  }

  /** The file's bytes, at most {@link #MAX_BYTES}. */
  static byte[] bytes(Path file) throws Unreadable {
    BasicFileAttributes attributes;
    try {
      attributes = Files.readAttributes(file, BasicFileAttributes.class);
    } catch (NoSuchFileException e) {
      throw new Unreadable(Unreadable.Kind.NOT_FOUND, "the file does not exist");
    } catch (IOException | SecurityException e) {
      throw new Unreadable(
          Unreadable.Kind.IO, "the file can't be read (" + e.getClass().getSimpleName() + ")");
    }
    if (!attributes.isRegularFile()) {
      throw new Unreadable(
          Unreadable.Kind.NOT_A_REGULAR_FILE,
          (attributes.isDirectory() ? "it is a directory" : "it is a device, FIFO or socket")
              + ", not a regular file");
    }
    if (attributes.size() > MAX_BYTES) {
      throw tooLarge();
    }
    // Checked, then opened: a file swapped for a FIFO in between could still block the open;
    // the JDK has no non-blocking open, and the swap needs write access to the key's folder.
    try (InputStream in = Files.newInputStream(file)) {
      byte[] bytes = in.readNBytes(MAX_BYTES + 1);
      if (bytes.length > MAX_BYTES) {
        throw tooLarge();
      }
      return bytes;
    } catch (NoSuchFileException e) {
      throw new Unreadable(Unreadable.Kind.NOT_FOUND, "the file does not exist");
    } catch (IOException | SecurityException e) {
      throw new Unreadable(
          Unreadable.Kind.IO, "the file can't be read (" + e.getClass().getSimpleName() + ")");
    }
  }

  /** The file as strict UTF-8 text (a byte order mark is kept for the parsers to skip). */
  static String utf8(Path file) throws Unreadable {
    byte[] bytes = bytes(file);
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new Unreadable(Unreadable.Kind.NOT_UTF8, "the file is not UTF-8 text");
    } finally {
      Keys.clear(bytes);
    }
  }

  private static Unreadable tooLarge() {
    return new Unreadable(
        Unreadable.Kind.TOO_LARGE, "the file is larger than " + (MAX_BYTES >> 20) + " MiB");
  }
}
