package dev.vigil.runtime;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a daemon runs on: the config file and the profile laid over it ({@code --profile},
 * or the {@code VIGIL_PROFILE} environment variable; none when both are absent).
 */
record Launch(Path config, String profile) {

    Launch {
        config = config.toAbsolutePath().normalize();
        profile = profile == null || profile.isBlank() ? null : profile;
    }

    /** Parses {@code [-c FILE] [--profile NAME]}. */
    static Launch parse(List<String> args, Layout layout) {
        Path config = layout.defaultConfig();
        String profile = System.getenv("VIGIL_PROFILE");
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("-c") || a.equals("--config") || a.equals("--profile") || a.equals("-p")) {
                if (i + 1 >= args.size()) {
                    throw new Main.UsageException(a + " needs a value");
                }
                String value = args.get(++i);
                if (a.equals("--profile") || a.equals("-p")) {
                    profile = value;
                } else {
                    config = Path.of(value);
                }
            } else {
                throw new Main.UsageException("unexpected argument '" + a + "'");
            }
        }
        return new Launch(config, profile);
    }

    /** The same as arguments, for the background daemon's command line. */
    List<String> args() {
        List<String> out = new ArrayList<>(List.of("-c", config.toString()));
        if (profile != null) {
            out.add("--profile");
            out.add(profile);
        }
        return out;
    }

    @Override
    public String toString() {
        return config + (profile == null ? "" : " (profile " + profile + ")");
    }
}
