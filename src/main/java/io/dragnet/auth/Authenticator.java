package io.dragnet.auth;

import java.time.Clock;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * Reads the credentials of a request: a Bearer API token, or the legacy X-Auth-Email + X-Auth-Key
 * pair. Every lookup goes to the store, so a token made or revoked by the CLI takes effect on the
 * next request, on every node.
 */
public final class Authenticator {
    /** RFC 6750's b64token. */
    private static final Pattern BEARER = Pattern.compile("(?i)Bearer ([A-Za-z0-9\\-._~+/]+=*)");
    private static final Pattern GLOBAL_KEY = Pattern.compile("[A-Za-z0-9]{1,128}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]{1,255}");

    private final TokenStore tokens;
    private final UserStore users;
    private final Clock clock;

    public Authenticator(TokenStore tokens, UserStore users, Clock clock) {
        this.tokens = tokens;
        this.users = users;
        this.clock = clock;
    }

    /** @param header the value of a request header by name, or null when it is absent */
    public AuthOutcome authenticate(UnaryOperator<String> header) {
        String authorization = header.apply("Authorization");
        String email = header.apply("X-Auth-Email");
        String key = header.apply("X-Auth-Key");
        if (authorization != null) {
            var bearer = BEARER.matcher(authorization.trim());
            if (!bearer.matches()) {
                return new AuthOutcome.Malformed("The Authorization header must be 'Bearer <API token>'.");
            }
            return tokens.findBySecret(bearer.group(1))
                    .filter(token -> token.isActive(clock.instant()))
                    .<AuthOutcome>map(token -> new AuthOutcome.Authenticated(token.principal()))
                    .orElseGet(AuthOutcome.Rejected::new);
        }
        if (email == null && key == null) {
            return new AuthOutcome.Missing();
        }
        if (email == null || key == null) {
            return new AuthOutcome.Malformed("X-Auth-Email and X-Auth-Key must be sent together.");
        }
        if (!looksLikeEmail(email.trim()) || !GLOBAL_KEY.matcher(key.trim()).matches()) {
            return new AuthOutcome.Malformed("X-Auth-Email must be an email address and X-Auth-Key a global API key.");
        }
        return users.authenticate(email.trim(), key.trim())
                .<AuthOutcome>map(user -> new AuthOutcome.Authenticated(user.principal()))
                .orElseGet(AuthOutcome.Rejected::new);
    }

    static boolean looksLikeEmail(String text) {
        return EMAIL.matcher(text).matches();
    }
}
