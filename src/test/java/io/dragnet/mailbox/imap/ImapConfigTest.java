package io.dragnet.mailbox.imap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ImapConfigTest {
    @TempDir
    Path dir;

    private Path file(String yaml) throws IOException {
        return Files.writeString(dir.resolve("imap.yaml"), yaml);
    }

    @Test
    void reads_a_server_per_domain_with_defaults_and_a_fallback_for_other_domains() throws IOException {
        ImapConfig config = ImapConfig.load(file("""
                domains:
                  Example.com:
                    host: imap.example.com
                    login: {method: master, user: dragnet, password_env: MASTER_PW}
                    folders: {junk: Spam}
                  "*":
                    host: mail.internal
                    port: 143
                    security: starttls
                    use_move: false
                    max_connections: 2
                    timeout: 2m
                    login: {method: authorization, user: admin, password: in-the-file}
                """), Map.of("MASTER_PW", "s3cret"));

        ImapServer example = config.serverFor("example.com");
        assertThat(example.host()).isEqualTo("imap.example.com");
        assertThat(example.port()).isEqualTo(993);
        assertThat(example.security()).isEqualTo(ImapServer.Security.TLS);
        assertThat(example.checkCertificates()).isTrue();
        assertThat(example.useMove()).isTrue();
        assertThat(example.timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(example.folders()).isEqualTo(new ImapServer.FolderNames("Spam", "Trash", "Quarantine", "Dragnet-Recoverable"));
        assertThat(example.login().credentials("alice@example.com", "alice@example.com"))
                .contains(new ImapLogin.Credentials("alice@example.com*dragnet", "s3cret", null));

        ImapServer other = config.serverFor("elsewhere.example");
        assertThat(other.host()).isEqualTo("mail.internal");
        assertThat(other.security()).isEqualTo(ImapServer.Security.STARTTLS);
        assertThat(other.useMove()).isFalse();
        assertThat(other.maxConnections()).isEqualTo(2);
        assertThat(other.timeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(other.login().credentials("bob@elsewhere.example", "bob@elsewhere.example"))
                .contains(new ImapLogin.Credentials("admin", "in-the-file", "bob@elsewhere.example"));
    }

    @Test
    void reads_per_user_passwords_from_a_credentials_file() throws IOException {
        Path credentials = Files.writeString(dir.resolve("users"), """
                # mailbox:password
                Alice@Example.com:pa:ss word
                """);
        ImapConfig config = ImapConfig.load(file("""
                domains:
                  example.com:
                    host: localhost
                    username: "{user}"
                    login: {method: per_user, credentials_file: %s}
                """.formatted(credentials)), Map.of());

        ImapServer server = config.serverFor("example.com");
        assertThat(server.mailboxUser("alice", "example.com")).isEqualTo("alice");
        assertThat(server.login().credentials("alice", "alice@example.com"))
                .contains(new ImapLogin.Credentials("alice", "pa:ss word", null));
        assertThat(server.login().credentials("bob", "bob@example.com")).isEmpty();
        assertThat(config.serverFor("other.example")).isNull();
    }

    @Test
    void secrets_stay_out_of_what_is_printed() throws IOException {
        ImapConfig config = ImapConfig.load(file("""
                domains:
                  example.com:
                    host: localhost
                    login: {method: master, user: dragnet, password_env: MASTER_PW}
                """), Map.of("MASTER_PW", "s3cret-value"));
        assertThat(config.toString()).doesNotContain("s3cret-value").contains("environment variable MASTER_PW");
        assertThat(config.serverFor("example.com").login().credentials("a@example.com", "a@example.com").orElseThrow().toString())
                .doesNotContain("s3cret-value");
    }

    @Test
    void every_mistake_names_the_file_and_the_field() throws IOException {
        assertThatThrownBy(() -> ImapConfig.load(file("""
                domains:
                  example.com:
                    host: localhost
                    prot: 993
                    login: {method: master, user: d, password: x}
                """), Map.of())).hasMessageContaining("imap.yaml: domains.example.com.prot: is not a field here");
        assertThatThrownBy(() -> ImapConfig.load(file("""
                domains:
                  example.com:
                    host: localhost
                    port: 99999
                    login: {method: master, user: d, password: x}
                """), Map.of())).hasMessageEndingWith("domains.example.com.port: must be 1 to 65535");
        assertThatThrownBy(() -> ImapConfig.load(file("""
                domains:
                  example.com:
                    host: localhost
                    login: {method: master, user: d, password_env: NOT_SET}
                """), Map.of())).hasMessageEndingWith("domains.example.com.login.password_env: the environment variable NOT_SET is not set");
        assertThatThrownBy(() -> ImapConfig.load(file("""
                domains:
                  example.com:
                    host: localhost
                    login: {method: master, user: d, password: x, password_env: Y}
                """), Map.of())).hasMessageEndingWith("domains.example.com.login: give exactly one of password_env, password_file or password");
        assertThatThrownBy(() -> ImapConfig.load(file("""
                domains:
                  example.com:
                    login: {method: kerberos}
                """), Map.of())).hasMessageEndingWith("domains.example.com.host: is required");
        assertThatThrownBy(() -> ImapConfig.load(file("""
                domains:
                  example.com:
                    host: localhost
                    timeout: soon
                    login: {method: master, user: d, password: x}
                """), Map.of())).hasMessageContaining("domains.example.com.timeout: 'soon' is not a duration");
        assertThatThrownBy(() -> ImapConfig.load(file("domains: [\n"), Map.of())).hasMessageContaining("imap.yaml: not valid YAML");
        assertThatThrownBy(() -> ImapConfig.load(file("domains: {}\n"), Map.of()))
                .hasMessageEndingWith("domains: list at least one mail domain (or \"*\") and its server");
    }
}
