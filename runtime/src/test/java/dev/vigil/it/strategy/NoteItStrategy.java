package dev.vigil.it.strategy;

import dev.vigil.api.recovery.Failure;
import dev.vigil.api.recovery.FailureKind;
import dev.vigil.api.recovery.RecoveryOutcome;
import dev.vigil.api.recovery.RecoveryStrategy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * A recovery strategy of the end-to-end tests, packaged into a bundle of its own and dropped
 * into deploy/: it notes each crash in a file and passes, so the next strategy repairs. The
 * file is {@code NOTE_IT_FILE} (environment or system property), else logs/note-it.txt.
 */
@Component(property = RecoveryStrategy.NAME_PROPERTY + "=note-it")
public final class NoteItStrategy implements RecoveryStrategy {
    private Path file;

    @Activate
    void activate(BundleContext context) {
        String named = System.getenv("NOTE_IT_FILE");
        if (named == null) {
            named = context.getProperty("NOTE_IT_FILE");
        }
        file = named != null ? Path.of(named) : Path.of(context.getProperty("vigil.logs"), "note-it.txt");
    }

    @Override
    public String name() {
        return "note-it";
    }

    @Override
    public Set<FailureKind> handles() {
        return Set.of(FailureKind.CRASHED);
    }

    @Override
    public String describe() {
        return "notes a crash in a file and passes; built by the recovery tests; handles [CRASHED]";
    }

    @Override
    public RecoveryOutcome recover(Failure failure) {
        try {
            Files.writeString(file, failure.service() + " " + failure.kind() + ": " + failure.cause() + "\n",
                    StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            return RecoveryOutcome.passed("could not note it in " + file + ": " + e);
        }
        return RecoveryOutcome.passed("noted in " + file.getFileName());
    }
}
