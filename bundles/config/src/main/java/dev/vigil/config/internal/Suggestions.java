package dev.vigil.config.internal;

import java.util.Collection;

/** Finds the known key a mistyped one was probably meant to be. */
final class Suggestions {
    private Suggestions() {
    }

    /** The closest candidate within an edit distance of 2 (ignoring case), or null; ties go to the first in sorted order. */
    static String nearest(String key, Collection<String> candidates) {
        String best = null;
        int bestDistance = 3;
        for (String c : new java.util.TreeSet<>(candidates)) {
            int d = distance(key.toLowerCase(), c.toLowerCase());
            if (d < bestDistance) {
                bestDistance = d;
                best = c;
            }
        }
        return best;
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
