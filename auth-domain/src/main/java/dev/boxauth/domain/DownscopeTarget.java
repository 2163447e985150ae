package dev.boxauth.domain;

import java.net.URI;
import java.util.Objects;

/**
 * What a downscoped token is restricted to besides its scopes: nothing, one item (the {@code
 * resource} field) or one shared link ({@code box_shared_link}). Box accepts at most one of the
 * two, so this type makes "both" impossible to express.
 */
public sealed interface DownscopeTarget {

  /** No item restriction: the token keeps the parent's reach, limited to the scopes. */
  static DownscopeTarget none() {
    return None.INSTANCE;
  }

  /** One item, by its full API URL, e.g. {@code https://api.box.com/2.0/files/123}. */
  static DownscopeTarget resource(String url) {
    return new Resource(URI.create(Objects.requireNonNull(url, "url")));
  }

  /** One shared link URL (not password-protected, not a web link). */
  static DownscopeTarget sharedLink(String url) {
    return new SharedLink(url);
  }

  /** No item restriction. */
  enum None implements DownscopeTarget {
    INSTANCE
  }

  /** The {@code resource} form field. */
  record Resource(URI url) implements DownscopeTarget {
    /** Validates the URL. */
    public Resource {
      Objects.requireNonNull(url, "url");
      if (!url.isAbsolute() || url.getHost() == null) {
        throw new IllegalArgumentException(
            "resource must be an absolute API URL such as https://api.box.com/2.0/files/123, got "
                + url);
      }
    }
  }

  /** The {@code box_shared_link} form field. */
  record SharedLink(String url) implements DownscopeTarget {
    /** Validates the URL. */
    public SharedLink {
      Objects.requireNonNull(url, "url");
      URI parsed = URI.create(url);
      if (!parsed.isAbsolute() || parsed.getHost() == null) {
        throw new IllegalArgumentException("sharedLink must be an absolute URL, got " + url);
      }
    }
  }
}
