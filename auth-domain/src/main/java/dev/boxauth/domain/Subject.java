package dev.boxauth.domain;

import java.util.Objects;

/**
 * Whom a token acts for: the enterprise's Service Account or one user. Immutable; two subjects with
 * the same id and type are equal, so they share one cached token.
 */
public sealed interface Subject {

  /** The id sent as the assertion's {@code sub} or the CCG {@code box_subject_id}. */
  String id();

  /** The wire name for {@code box_sub_type} / {@code box_subject_type}. */
  String wireType();

  /** The Service Account of an enterprise. */
  static Subject enterprise(String enterpriseId) {
    return new Enterprise(new EnterpriseId(enterpriseId));
  }

  /** An App User or managed user. */
  static Subject user(String userId) {
    return new User(new UserId(userId));
  }

  /** The enterprise's Service Account. */
  record Enterprise(EnterpriseId enterpriseId) implements Subject {
    /** Validates the id. */
    public Enterprise {
      Objects.requireNonNull(enterpriseId, "enterpriseId");
    }

    @Override
    public String id() {
      return enterpriseId.value();
    }

    @Override
    public String wireType() {
      return "enterprise";
    }

    @Override
    public String toString() {
      return "enterprise " + enterpriseId.value();
    }
  }

  /** A user the app may act for. */
  record User(UserId userId) implements Subject {
    /** Validates the id. */
    public User {
      Objects.requireNonNull(userId, "userId");
    }

    @Override
    public String id() {
      return userId.value();
    }

    @Override
    public String wireType() {
      return "user";
    }

    @Override
    public String toString() {
      return "user " + userId.value();
    }
  }
}
