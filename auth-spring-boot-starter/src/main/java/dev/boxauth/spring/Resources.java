package dev.boxauth.spring;

import dev.boxauth.domain.ConfigurationException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.springframework.core.io.Resource;

/** Reads the files {@code boxauth.*} properties point at; each failure names the property. */
final class Resources {
  /** Config files, keys and keysets are a few KiB; a bigger one is a mistake, read no further. */
  private static final int MAX_BYTES = 1024 * 1024;

  private Resources() {}

  /** The resource's bytes. */
  static byte[] bytes(Resource resource, String property) {
    requireExists(resource, property);
    try (InputStream in = resource.getInputStream()) {
      byte[] bytes = in.readNBytes(MAX_BYTES + 1);
      if (bytes.length > MAX_BYTES) {
        throw new ConfigurationException(
            property,
            resource.getDescription() + " is larger than " + MAX_BYTES + " bytes",
            "point it at the file itself");
      }
      return bytes;
    } catch (IOException e) {
      throw new ConfigurationException(
          property,
          resource.getDescription() + " can't be read (" + e.getClass().getSimpleName() + ")",
          "check that the file is readable by this process");
    }
  }

  /** The resource's text, as UTF-8. */
  static String text(Resource resource, String property) {
    return new String(bytes(resource, property), StandardCharsets.UTF_8);
  }

  /** The file behind the resource, for readers that need a path (PKCS#12). */
  static Path file(Resource resource, String property) {
    requireExists(resource, property);
    if (!resource.isFile()) {
      throw new ConfigurationException(
          property,
          resource.getDescription() + " is not a file",
          "point it at a file, e.g. file:/etc/box/key.p12");
    }
    try {
      return resource.getFile().toPath();
    } catch (IOException e) {
      throw new ConfigurationException(
          property,
          resource.getDescription() + " can't be opened as a file",
          "point it at a file, e.g. file:/etc/box/key.p12");
    }
  }

  private static void requireExists(Resource resource, String property) {
    if (!resource.exists()) {
      throw new ConfigurationException(
          property,
          resource.getDescription() + " does not exist",
          "fix the location (file:/path/to/file or classpath:name)");
    }
  }
}
