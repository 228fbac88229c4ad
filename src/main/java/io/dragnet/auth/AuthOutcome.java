package io.dragnet.auth;

/** What the credentials on a request amount to. The API turns each case into the contract's answer. */
public sealed interface AuthOutcome {
    /** Credentials that belong to an active token or user. */
    record Authenticated(Principal principal) implements AuthOutcome {
    }

    /** No Authorization and no X-Auth-* header at all. */
    record Missing() implements AuthOutcome {
    }

    /** Headers present but not in a shape any scheme accepts; {@code reason} is safe to show. */
    record Malformed(String reason) implements AuthOutcome {
    }

    /** Well-formed credentials that match nothing usable: unknown, revoked or expired. */
    record Rejected() implements AuthOutcome {
    }
}
