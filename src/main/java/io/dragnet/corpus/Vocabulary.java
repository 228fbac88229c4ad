package io.dragnet.corpus;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The words the corpus is made of. Kept apart from the generators so that what the mail says can
 * change without touching how it is built.
 */
final class Vocabulary {
    /** The first mailboxes of every domain; later ones are user013, user014, … */
    static final List<String> NAMED_USERS = List.of(
            "alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "judy", "ken", "laura");

    static final List<String> SURNAMES = List.of(
            "Martin", "Smith", "Nguyen", "Garcia", "Schmidt", "Rossi", "Kowalski", "Tanaka", "Dubois", "Okafor",
            "Larsen", "Silva", "Cohen", "Patel", "O'Brien");

    /**
     * "Display name|ascii.local.part". Includes names that need RFC 2047 (non-ASCII) or quoting
     * (a comma, a period), because importers get those wrong.
     */
    static final List<String> FULL_NAMES = List.of(
            "Jürgen Müller|juergen.mueller", "Zoë Faure|zoe.faure", "Søren Ødegaard|soren.odegaard",
            "José García|jose.garcia", "田中 花子|hanako.tanaka", "Łukasz Wójcik|lukasz.wojcik",
            "Ana Lúcia Gonçalves|ana.goncalves", "Björn Åkesson|bjorn.akesson", "Priya Raman|priya.raman",
            "Tom Baker|tom.baker", "Li Wei|li.wei", "Fatima Zahra|fatima.zahra", "Olga Ivanova|olga.ivanova",
            "Kwame Mensah|kwame.mensah", "Sarah Connor|sarah.connor", "Hiroshi Sato|hiroshi.sato",
            "Chloé Martin|chloe.martin", "Mateo Rossi|mateo.rossi", "Emily Chen|emily.chen",
            "Daniel O'Neil|daniel.oneil", "Noor Haddad|noor.haddad", "Grace Kim|grace.kim",
            "Dr. Helen Park|helen.park", "Smith, John|john.smith", "Anders Nilsson|anders.nilsson");

    static final List<String> PARTNER_DOMAINS = List.of(
            "acme-supplies.example", "globex.example", "initech.example", "umbrella-logistics.example",
            "stark-industries.example", "partner.example.net", "lawfirm.example.net", "consultancy.example",
            "hooli.example", "vandelay-imports.example");

    /** Hosts of links in ordinary mail. Several share a parent so a parent-domain search finds more than one. */
    static final List<String> CLEAN_LINK_HOSTS = List.of(
            "docs.files.example.net", "drive.files.example.net", "meet.example.net", "code.devhub.example",
            "wiki.consultancy.example", "calendar.example.net", "www.acme-supplies.example");

    static final List<String> CLEAN_SUBJECTS = List.of(
            "Weekly status update", "Lunch on Friday?", "Q3 budget review", "Meeting notes from today",
            "Contract draft for review", "Travel arrangements for the offsite", "Quick question about the report",
            "Updated slides", "Welcome to the team!", "Reminder: timesheets due", "Server maintenance window",
            "Project Falcon kickoff", "Interview schedule", "Feedback on the proposal", "Can we move our call?",
            "Office closed on Monday", "New vendor onboarding", "Quarterly all-hands", "Draft agenda",
            "Shipping delay on order 4471", "Holiday schedule", "Security training reminder");

    static final List<String> NON_ASCII_SUBJECTS = List.of(
            "Besprechung am Dienstag – Änderungen", "Grüße aus München", "Réunion d'équipe : ordre du jour",
            "会議の議事録（5月14日）", "お見積りのご依頼", "Отчёт за квартал", "¡Feliz cumpleaños, Ana! 🎂",
            "Übergabe Projekt Nordlicht", "Café & Kuchen am Freitag ☕", "Zusammenfassung: Jahresplanung 2025");

    static final List<String> SPAM_SUBJECTS = List.of(
            "You have won a $1,000 gift card!", "Cheap meds - 80% off", "Make money from home",
            "Your account has been selected", "URGENT BUSINESS PROPOSAL", "Lose 10 kg in 2 weeks",
            "Re: your invoice", "Final notice: extended warranty", "Congratulations, you're our lucky winner",
            "Limited time: Rolex replicas", "Work from home - $500/day");

    static final List<String> NON_ASCII_SPAM_SUBJECTS = List.of(
            "🎁 Exclusive offer just for you", "💰 Crypto gains guaranteed", "Ваш выигрыш ждёт вас",
            "限定セール開催中！", "Gewinnspiel: Sie haben gewonnen – jetzt einlösen");

    static final List<String> SPAM_WORDS = List.of(
            "best", "cheap", "deals", "prize", "winner", "crypto", "pharma", "bonus", "lucky", "offer", "promo");

    static final List<String> CLEAN_PARAGRAPHS = List.of(
            "Thanks for sending this over. I had a look and the numbers match what we discussed last week.",
            "Could you check the attached version before Thursday? I changed the timeline in section two.",
            "The team agreed to move the review to next week so that finance can join.",
            "I have booked the room on the third floor; the projector there works again.",
            "Let me know if anything is unclear, happy to walk through it on a call.",
            "We are still waiting for the signed copy from legal, I will chase them tomorrow.",
            "Attached are my notes. The open items are the budget split and the vendor shortlist.",
            "Please keep this internal until the announcement on Monday.");

    static final List<String> CLEAN_PARAGRAPHS_DE = List.of(
            "Vielen Dank für die schnelle Rückmeldung. Die Änderungen übernehme ich bis Freitag.",
            "Anbei die überarbeitete Version – bitte kurz prüfen, ob alles stimmt.");

    static final List<String> CLEAN_PARAGRAPHS_JA = List.of(
            "いつもお世話になっております。資料を添付いたしましたのでご確認ください。",
            "ご検討のほど、よろしくお願いいたします。");

    static final List<String> SPAM_PARAGRAPHS = List.of(
            "Act now! This offer expires at midnight and will not be repeated.",
            "You have been specially selected to receive this exclusive reward.",
            "No credit card needed. Thousands of satisfied customers cannot be wrong.",
            "Click below to claim your prize before someone else does.",
            "To stop receiving these offers reply with REMOVE in the subject.");

    static final List<String> SIGNOFFS = List.of("Best regards,", "Thanks,", "Cheers,", "Kind regards,", "Best,");

    static final List<String> CLEAN_ATTACHMENTS = List.of(
            "report-Q3.pdf", "scan_0042.pdf", "IMG_2043.JPG", "budget 2025.xlsx", "Angebot für Müller.docx",
            "見積書.xlsx", "minutes.docx",
            "Angebot für Jürgen Müller – Überarbeitung Projekt Nordlicht 2025 (final).docx");

    static final List<String> MAILERS = List.of(
            "User-Agent: Mozilla Thunderbird", "X-Mailer: Microsoft Outlook 16.0",
            "X-Mailer: Apple Mail (2.3774.500.171.1.1)", "User-Agent: Roundcube Webmail/1.6.6", "");

    /** SpamAssassin tests that match none of the importer's PHISH, SPOOF|FORGED, BULK|NEWSLETTER rules. */
    static final List<String> SPAM_TESTS = List.of(
            "BAYES_99", "BAYES_999", "DCC_CHECK", "DKIM_ADSP_NXDOMAIN", "HTML_MESSAGE", "MIME_HTML_ONLY",
            "PYZOR_CHECK", "RAZOR2_CHECK", "RDNS_NONE", "SPF_FAIL", "SPF_SOFTFAIL", "URIBL_ABUSE_SURBL",
            "URIBL_BLACK", "URIBL_DBL_SPAM", "LOTS_OF_MONEY", "MONEY_FRAUD_5", "T_SCC_BODY_TEXT_LINE");

    static final List<String> HAM_TESTS = List.of(
            "BAYES_00", "DKIM_SIGNED", "DKIM_VALID", "DKIM_VALID_AU", "DKIM_VALID_EF", "HTML_MESSAGE",
            "RCVD_IN_DNSWL_NONE", "RCVD_IN_MSPIKE_H2", "SPF_HELO_NONE", "SPF_PASS", "T_SCC_BODY_TEXT_LINE");

    private Vocabulary() {
    }

    static <T> T pick(SplittableRandom rng, List<T> values) {
        return values.get(rng.nextInt(values.size()));
    }

    /** {@code required} (if not null) plus {@code extra} distinct others from {@code pool}. */
    static List<String> tests(SplittableRandom rng, String required, List<String> pool, int extra) {
        List<String> tests = new ArrayList<>();
        if (required != null) {
            tests.add(required);
        }
        while (tests.size() < extra + (required == null ? 0 : 1)) {
            String test = pick(rng, pool);
            if (!tests.contains(test)) {
                tests.add(test);
            }
        }
        return tests;
    }

    static boolean chance(SplittableRandom rng, int percent) {
        return rng.nextInt(100) < percent;
    }
}
