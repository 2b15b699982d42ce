package dev.vigil.check.jdbc.internal;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps passwords out of what a check says: a URL is shown without its query string, user
 * info password or {@code ;password=} property, and every known password is blanked out of
 * driver messages, which may quote anything (at the cost of hiding a word equal to it).
 */
final class Redaction {
    private static final String HIDDEN = "***";
    private static final Pattern USER_INFO = Pattern.compile("//([^/@:?;]*):([^/@?;]*)@");
    private static final Pattern PASSWORD_PROPERTY = Pattern.compile("(?i)\\b(password|passwd|pwd)=([^&;]*)");
    private static final int MAX_MESSAGE = 300;

    private final List<String> secrets;

    /** Hides {@code password} and every password written in {@code url}. */
    Redaction(String url, String password) {
        List<String> s = new ArrayList<>();
        add(s, password);
        for (Pattern p : List.of(USER_INFO, PASSWORD_PROPERTY)) {
            Matcher m = p.matcher(url);
            while (m.find()) {
                add(s, m.group(2));
            }
        }
        // The longest first, so that a password containing another is hidden whole.
        s.sort((a, b) -> b.length() - a.length());
        secrets = List.copyOf(s);
    }

    private static void add(List<String> secrets, String secret) {
        if (secret != null && !secret.isEmpty()) {
            secrets.add(secret);
            try {
                String decoded = URLDecoder.decode(secret, StandardCharsets.UTF_8);
                if (!decoded.equals(secret) && !decoded.isEmpty()) {
                    secrets.add(decoded);
                }
            } catch (IllegalArgumentException e) {
                // Not URL-encoded: hidden as written.
            }
        }
    }

    /**
     * The URL for people: without its query, without passwords. Only where a URL can hold one
     * is it hidden, so a database named like its password keeps its name here.
     */
    String url(String url) {
        int query = url.indexOf('?');
        String shown = query < 0 ? url : url.substring(0, query);
        shown = USER_INFO.matcher(shown).replaceAll("//$1:" + HIDDEN + "@");
        return PASSWORD_PROPERTY.matcher(shown).replaceAll("$1=" + HIDDEN);
    }

    /** A driver's message on one line, abbreviated, with every password hidden. */
    String text(String message) {
        String t = message == null ? "" : message.replaceAll("\\s*\\R\\s*", " ").trim();
        for (String secret : secrets) {
            t = t.replace(secret, HIDDEN);
        }
        return t.length() > MAX_MESSAGE ? t.substring(0, MAX_MESSAGE - 3) + "..." : t;
    }
}
