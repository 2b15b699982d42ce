package dev.vigil.http.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bearer token that changes of state need, in {@code data/http.token}: 32 random bytes
 * (SecureRandom) as hex, made at the first start in a file created with mode 0600 (never
 * readable by others, not even for a moment) and renamed into place whole. Read again at every
 * use, so an operator may replace it while the daemon runs; a file others may read is
 * narrowed to 0600 with a warning. Thread-safe.
 */
final class ApiToken {
    static final String FILE = "http.token";
    /** A token an operator writes must be at least this long; a shorter one is replaced. */
    static final int MIN_LENGTH = 16;
    private static final Set<PosixFilePermission> OWNER_ONLY = EnumSet.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE);
    private static final Logger LOG = LoggerFactory.getLogger(ApiToken.class);
    private final Path file;
    private final SecureRandom random = new SecureRandom();

    ApiToken(Path dataDir) {
        this.file = dataDir.resolve(FILE);
    }

    Path file() {
        return file;
    }

    /** The token, made first when there is none (or none usable). */
    synchronized String current() throws IOException {
        if (Files.isRegularFile(file)) {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            if (!OWNER_ONLY.containsAll(perms)) {
                LOG.warn("HTTP: {} was readable by others ({}); narrowed to rw-------", file,
                        PosixFilePermissions.toString(perms));
                Files.setPosixFilePermissions(file, OWNER_ONLY);
            }
            String token = Files.readString(file, StandardCharsets.UTF_8).trim();
            if (token.length() >= MIN_LENGTH) {
                return token;
            }
            LOG.warn("HTTP: {} holds no usable token (under {} characters); a new one replaces it", file, MIN_LENGTH);
        }
        return make();
    }

    /** Whether {@code given} is the token, compared in constant time. */
    boolean matches(String given) throws IOException {
        if (given == null) {
            return false;
        }
        return MessageDigest.isEqual(current().getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }

    private String make() throws IOException {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String token = HexFormat.of().formatHex(bytes);
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(FILE + ".tmp-" + Long.toHexString(random.nextLong()));
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.write(ByteBuffer.wrap((token + "\n").getBytes(StandardCharsets.UTF_8)));
                ch.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
        LOG.info("HTTP: made the token for changes of state in {} (mode 0600)", file);
        return token;
    }
}
