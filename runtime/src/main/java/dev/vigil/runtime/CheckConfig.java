package dev.vigil.runtime;

import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

/**
 * {@code vigil check-config}: runs the config bundle's own reader, outside any framework,
 * so that a file is checked exactly as the daemon would check it, without a daemon. The
 * reader finds the check types, their validators and the recovery strategies itself, in
 * the component descriptions of the jars in {@code bundles/} and {@code deploy/} under the
 * home given, each jar loaded on its own over this loader's api.
 */
final class CheckConfig {
    private static final String TOOL = "dev.vigil.config.internal.CheckConfigTool";

    private CheckConfig() {
    }

    static int run(Layout layout, List<String> args) throws java.io.IOException {
        URL[] jars = {
            jar(layout, "vigil-config"), jar(layout, "vigil-api"), jar(layout, "gson")
        };
        try (URLClassLoader loader = new URLClassLoader(jars, ClassLoader.getPlatformClassLoader())) {
            Method run = loader.loadClass(TOOL).getMethod("run", String[].class, Path.class, Path.class,
                    Function.class, PrintStream.class, PrintStream.class);
            Function<String, String> env = System::getenv;
            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            return (Integer) run.invoke(null, args.toArray(new String[0]), layout.home(), java, env,
                    System.out, System.err);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("check-config failed: " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("the config bundle in " + layout.bundles() + " has no " + TOOL
                    + "; the distribution is incomplete", e);
        }
    }

    private static URL jar(Layout layout, String name) throws java.net.MalformedURLException {
        return layout.bundles().resolve(name + ".jar").toUri().toURL();
    }
}
