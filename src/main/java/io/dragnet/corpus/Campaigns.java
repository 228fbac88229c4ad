package io.dragnet.corpus;

import io.dragnet.corpus.Content.AttachmentSpec;
import io.dragnet.corpus.Content.Link;
import io.dragnet.corpus.Content.Style;
import io.dragnet.corpus.GeneratedMessage.Kind;
import io.dragnet.corpus.Planning.Group;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static io.dragnet.corpus.Vocabulary.chance;
import static io.dragnet.corpus.Vocabulary.pick;

/**
 * Malicious mail: phishing waves that reach many mailboxes at once (what a bulk remediation job
 * is for), one business-email-compromise wave, and quarantined malware.
 */
final class Campaigns {
    /**
     * A phishing wave: every message shares the sender domain, the subject stem and the link host.
     *
     * @param subjectTails appended to the stem; a single "" gives every message the exact same subject
     */
    private record Wave(String fromAddress, String fromName, String stem, List<String> subjectTails, String linkHost,
                        String linkPath, String linkText, String imageHost, List<String> paragraphs, String phishTest,
                        List<String> threats) {
    }

    private static final Wave JAPANESE = new Wave("admin@m365-account-jp.example", "Microsoft アカウント チーム",
            "【重要】Microsoft 365 アカウントの確認が必要です", List.of(""), "verify.m365-account-jp.example",
            "/account/verify?x=1&t=", "今すぐ確認する", null,
            List.of("お客様のアカウントで異常なサインインが検出されました。",
                    "24時間以内に確認しない場合、アカウントは停止されます。"),
            "KAM_PHISH_CRED", List.of("credential_harvester"));

    private static final List<Wave> PHISHING = List.of(
            new Wave("security@micros0ft-support.example", "Microsoft 365 Security",
                    "Action required: your mailbox password expires today", List.of(""),
                    "login.micros0ft-support.example", "/common/oauth2/authorize?client_id=00000002&x=1&session=",
                    "Keep my current password", null,
                    List.of("Your password for this mailbox expires today. To keep using your current password, "
                            + "confirm it within 24 hours.", "If you do not confirm, your mailbox will be suspended."),
                    "KAM_PHISH_CRED", List.of("credential_harvester")),
            new Wave("noreply@docushare-files.example", "DocuShare", "Document shared with you: ",
                    List.of("Q3_Payroll_Adjustments.pdf", "Signed_Agreement_2025.pdf", "Bonus_Structure.xlsx"),
                    "view.sharepoint-docs.example", "/s/doc?x=1&id=", "Open document", "cdn.docushare-files.example",
                    List.of("A document has been shared with you and is waiting for your review.",
                            "This link will expire in 48 hours."),
                    "PHISH_LINK_MISMATCH", List.of("credential_harvester", "brand_impersonation")),
            new Wave("tracking@parcel-redelivery.example", "DHL Express", "Delivery attempt failed: parcel JD0146",
                    List.of("*"), "track.parcel-redelivery.example", "/redeliver?x=1&parcel=", "Reschedule delivery",
                    null, List.of("We were unable to deliver your parcel because of an unpaid customs fee of 1.99 EUR.",
                            "Please pay the fee to reschedule delivery."),
                    "URI_PHISH", List.of("payment_fraud")),
            JAPANESE,
            new Wave("alerts@northbank-alerts.example", "Northbank Security", "Unusual sign-in activity on your account",
                    List.of(""), "secure.login.northbank-alerts.example", "/signin?x=1&ref=", "Review activity",
                    "img.northbank-alerts.example",
                    List.of("We noticed a sign-in to your online banking from a new device in another country.",
                            "If this was not you, secure your account now."),
                    "PHISH_BANK_LOGIN", List.of("credential_harvester")));

    private final Planning p;
    private final SplittableRandom rng;

    Campaigns(Planning planning) {
        this.p = planning;
        this.rng = planning.rng;
    }

    List<Group> groups(int campaign, int quarantined) {
        List<Group> groups = new ArrayList<>();
        if (campaign > 0) {
            int waves = Math.min(campaign, 2 + rng.nextInt(3));
            List<Wave> templates = new ArrayList<>(PHISHING);
            Shuffle.shuffle(templates, rng);
            int bec = waves > 1 ? Math.max(1, campaign / 10) : 0;
            int[] sizes = split(campaign - bec, waves - (bec > 0 ? 1 : 0));
            if (sizes.length == 1 && templates.get(0) == JAPANESE) {
                // A lone Japanese wave would make most campaign subjects non-ASCII.
                templates.set(0, templates.set(1, templates.get(0)));
            }
            for (int w = 0; w < sizes.length; w++) {
                Wave wave = templates.get(w);
                List<String> ips = waveIps();
                groups.add(new Group(Kind.CAMPAIGN, p.spread(sizes[w], 3 * 3600), received -> phishing(wave, ips, received)));
            }
            if (bec > 0) {
                groups.add(new Group(Kind.CAMPAIGN, p.spread(bec, 6 * 3600), this::bec));
            }
        }
        for (int i = 0; i < quarantined; i++) {
            groups.add(p.single(Kind.QUARANTINED, this::quarantined));
        }
        return groups;
    }

    /** {@code total} split into {@code parts} sizes of at least one each. */
    private int[] split(int total, int parts) {
        int[] sizes = new int[parts];
        for (int i = 0; i < parts; i++) {
            sizes[i] = 1;
        }
        for (int rest = total - parts; rest > 0; rest--) {
            sizes[rng.nextInt(parts)]++;
        }
        return sizes;
    }

    private List<String> waveIps() {
        List<String> ips = new ArrayList<>();
        for (int i = 1 + rng.nextInt(3); i > 0; i--) {
            ips.add(Senders.randomIp(rng, 0));
        }
        return ips;
    }

    private List<Draft> phishing(Wave wave, List<String> ips, long[] received) {
        List<Draft> drafts = new ArrayList<>();
        for (long at : received) {
            Draft d = p.draft(Kind.CAMPAIGN);
            d.from = new Person(wave.fromAddress(), wave.fromName());
            d.envelopeFrom = chance(rng, 50) ? wave.fromAddress()
                    : "bounce-" + Long.toHexString(rng.nextLong() >>> 32) + "@" + d.from.domain();
            p.stamp(d, at, 120);
            addressTargets(d, 1 + rng.nextInt(5));
            String tail = pick(rng, wave.subjectTails());
            d.subject = wave.stem() + (tail.equals("*") ? String.valueOf(100_000 + rng.nextInt(900_000)) : tail);
            Person victim = d.deliveries.get(0).mailbox();
            List<Link> links = new ArrayList<>();
            if (wave.imageHost() != null) {
                links.add(Link.image(wave.imageHost(), "/assets/logo.png"));
            }
            links.add(Link.to(rng, wave.linkHost(), wave.linkPath() + Long.toHexString(rng.nextLong()), wave.linkText()));
            String greeting = chance(rng, 50) ? "Dear " + victim.firstName() + "," : "Hello " + victim.address() + ",";
            d.content = new Content(chance(rng, 80) ? Style.ALTERNATIVE : Style.HTML, greeting, wave.paragraphs(), links,
                    "Regards,", wave.fromName(), null, List.of());
            d.relay = p.senders.shadyRelay(rng, pick(rng, ips), d.sentAt, d.receivedAt, chance(rng, 30));
            failingAuthentication(d);
            d.verdict = Verdict.spamAssassin(true, 80 + rng.nextInt(170),
                            Vocabulary.tests(rng, wave.phishTest(), Vocabulary.SPAM_TESTS, 2 + rng.nextInt(3)), false)
                    .withThreats(wave.threats()).expect("MALICIOUS");
            drafts.add(d);
        }
        return drafts;
    }

    /** Business email compromise: an executive's name on an outside address, no links, passes the filters. */
    private List<Draft> bec(long[] received) {
        Person executive = p.people.mailboxes.get(0);
        String name = (executive.name() != null ? executive.name() : "Alice Martin") + " (CEO)";
        String address = executive.localPart() + ".office." + Long.toString(rng.nextInt(1 << 20), 36)
                + "@exec-mailbox.example";
        List<Draft> drafts = new ArrayList<>();
        for (long at : received) {
            Draft d = p.draft(Kind.CAMPAIGN);
            d.from = new Person(address, name);
            d.envelopeFrom = address;
            p.stamp(d, at, 60);
            addressTargets(d, 1 + rng.nextInt(2));
            d.subject = "Urgent: payment needed today";
            d.content = new Content(Style.PLAIN, "Hi " + d.deliveries.get(0).mailbox().firstName() + ",",
                    List.of("Are you at your desk? I need you to process an urgent wire transfer to a new supplier "
                            + "today. I am in meetings all day, so email only.", "Let me know as soon as it is done."),
                    List.of(), "Thanks,", executive.firstName() + "\nSent from my iPhone", null, List.of());
            d.relay = p.senders.ownRelay(rng, "exec-mailbox.example", d.sentAt, d.receivedAt, false, null);
            p.authentication(d, "pass", "pass", "pass");
            Verdict base = chance(rng, 60)
                    ? Verdict.spamAssassin(false, -5 + rng.nextInt(30),
                    Vocabulary.tests(rng, "FREEMAIL_FROM", Vocabulary.HAM_TESTS, 3), chance(rng, 50))
                    : Verdict.none();
            d.verdict = base.withDragnet("MALICIOUS-BEC").withThreats(List.of("executive_impersonation"))
                    .expect("MALICIOUS-BEC");
            drafts.add(d);
        }
        return drafts;
    }

    private Draft quarantined(long at) {
        Draft d = p.draft(Kind.QUARANTINED);
        String domain = JunkMail.spammyDomain(rng);
        d.from = new Person(pick(rng, List.of("billing", "accounts", "invoice", "rechnung")) + "@" + domain,
                pick(rng, List.of("Accounts Payable", "Buchhaltung", "Billing Department")));
        d.envelopeFrom = d.from.address();
        p.stamp(d, at, 300);
        d.to.add(p.asAddressed(p.people.randomMailbox(rng)));
        d.deliverTo(d.to.get(0), ".Quarantine");
        List<Link> links = new ArrayList<>();
        List<AttachmentSpec> attachments = new ArrayList<>();
        String threat;
        switch (rng.nextInt(3)) {
            case 0:
                d.subject = "Invoice " + (20_000 + rng.nextInt(80_000)) + " overdue - payment required";
                attachments.add(new AttachmentSpec("invoice.pdf.html", "text/html", 0xC0FFEEL, 0));
                threat = "credential_harvester";
                break;
            case 1:
                d.subject = "Ihre Rechnung für März";
                attachments.add(new AttachmentSpec("Rechnung_März.zip", "application/zip", 0xBADC0DEL, 24_576));
                threat = "malware";
                break;
            default:
                d.subject = "Payment confirmation required";
                links.add(Link.to(rng, "secure-payments.portal-verify.example", "/confirm?x=1&id="
                        + Long.toHexString(rng.nextLong()), "Confirm payment"));
                threat = "credential_harvester";
        }
        d.content = new Content(Style.ALTERNATIVE, "Hello,", List.of("Please find the details of your outstanding "
                + "payment below. Settle it today to avoid a late fee."), links, "Regards,", d.from.name(), null,
                attachments);
        d.relay = p.senders.shadyRelay(rng, Senders.randomIp(rng, 0), d.sentAt, d.receivedAt, false);
        failingAuthentication(d);
        d.verdict = Verdict.rspamd("reject", 150 + rng.nextInt(150)).withThreats(List.of(threat)).expect("MALICIOUS");
        return d;
    }

    /** One to {@code count} corpus recipients, in To and sometimes Cc, each getting a copy in the inbox. */
    private void addressTargets(Draft d, int count) {
        List<Person> targets = p.people.distinctMailboxes(rng, count);
        int inTo = targets.size() > 1 && chance(rng, 35) ? (targets.size() + 1) / 2 : targets.size();
        for (int i = 0; i < targets.size(); i++) {
            (i < inTo ? d.to : d.cc).add(i < inTo ? p.asAddressed(targets.get(i)) : targets.get(i));
            d.deliverTo(targets.get(i), "");
        }
    }

    private void failingAuthentication(Draft d) {
        int spf = rng.nextInt(10);
        p.authentication(d, spf < 5 ? "fail" : spf < 7 ? "neutral" : spf < 8 ? "none" : "pass",
                chance(rng, 50) ? "none" : chance(rng, 80) ? "fail" : "pass",
                chance(rng, 80) ? "fail" : "none");
    }
}
