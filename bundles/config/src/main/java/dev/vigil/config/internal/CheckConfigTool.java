package dev.vigil.config.internal;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.vigil.api.SystemConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * {@code vigil check-config FILE [--heal] [--profile P]}: prints every problem of a config
 * file at once (exit 1) or says it is valid (exit 0). With {@code --heal} it first repairs
 * what has one sensible repair, keeps a timestamped backup of the original next to it and
 * writes the repaired file atomically. It runs without a daemon.
 */
public final class CheckConfigTool {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private CheckConfigTool() {
    }

    public static void main(String[] args) {
        String home = System.getProperty("vigil.home", ".");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        System.exit(run(args, Path.of(home), Path.of(java), System::getenv, System.out, System.err));
    }

    /** @return 0 valid (after healing, with --heal), 1 not, 2 usage */
    public static int run(String[] args, Path home, Path java, Function<String, String> env,
                          PrintStream out, PrintStream err) {
        Path file = null;
        boolean heal = false;
        String profile = env.apply("VIGIL_PROFILE");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--heal" -> heal = true;
                case "--profile", "-p" -> {
                    if (i + 1 >= args.length) {
                        err.println("vigil: --profile needs a name");
                        return 2;
                    }
                    profile = args[++i];
                }
                default -> {
                    if (file != null || args[i].startsWith("-")) {
                        err.println("vigil: unexpected argument '" + args[i] + "'; usage: vigil check-config FILE [--heal] [--profile P]");
                        return 2;
                    }
                    file = Path.of(args[i]);
                }
            }
        }
        if (file == null) {
            err.println("vigil: check-config needs a FILE; usage: vigil check-config FILE [--heal] [--profile P]");
            return 2;
        }
        if (heal) {
            int healed = heal(file, out, err);
            if (healed != 0) {
                return healed;
            }
        }
        ConfigReader reader = new ConfigReader(home, java, env).checkingHost(Host.current(env))
                .against(InstalledJars.in(home));
        try {
            SystemConfig config = reader.load(file, profile).config();
            reader.warnings().forEach(w -> out.println("warning: " + w));
            out.println(file + ": valid; system " + config.name() + ", " + config.services().size() + " services"
                    + (config.services().isEmpty() ? "" : " (" + String.join(", ", config.services().keySet()) + ")"));
            return 0;
        } catch (ConfigException e) {
            e.problems().forEach(p -> out.println(p));
            reader.warnings().forEach(w -> out.println("warning: " + w));
            out.println(e.problems().size() + (e.problems().size() == 1 ? " error" : " errors") + " in " + file);
            return 1;
        }
    }

    private static int heal(Path file, PrintStream out, PrintStream err) {
        byte[] original;
        JsonDocument doc;
        try {
            original = ConfigFile.read(file);
        } catch (ConfigException e) {
            e.problems().forEach(p -> out.println(p));
            out.println("nothing healed");
            return 1;
        }
        try {
            doc = JsonDocument.parse(file.toString(), original);
        } catch (ConfigException e) {
            e.problems().forEach(p -> out.println(p));
            out.println("cannot heal: the file is not valid JSON; fix the syntax at the place shown, then heal again");
            return 1;
        }
        if (!doc.root().isJsonObject()) {
            out.println("cannot heal: the file holds " + Fields.describe(doc.root()) + ", not a config object");
            return 1;
        }
        JsonObject root = doc.root().getAsJsonObject().deepCopy();
        Healer healer = new Healer();
        String stem = file.getFileName().toString().replaceFirst("\\.json$", "");
        healer.heal(root, stem);
        if (healer.changes().isEmpty()) {
            out.println("nothing to heal in " + file);
            return 0;
        }
        String stamp = file.getFileName() + ".bak-" + LocalDateTime.now().format(STAMP);
        Path backup = file.resolveSibling(stamp);
        for (int n = 2; Files.exists(backup); n++) {
            backup = file.resolveSibling(stamp + "-" + n); // never overwrite an earlier original
        }
        try {
            Files.write(backup, original);
            AtomicFile.write(file, (pretty(root) + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            err.println("vigil: could not write the healed file (" + e.getMessage() + "); " + file + " is unchanged");
            return 1;
        }
        List<String> lines = new ArrayList<>(healer.changes());
        out.println("healed " + file + " (the original is kept as " + backup.getFileName() + "):");
        lines.forEach(l -> out.println("  " + l));
        return 0;
    }

    static String pretty(JsonElement e) {
        return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(e);
    }
}
