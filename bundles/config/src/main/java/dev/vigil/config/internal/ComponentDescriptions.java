package dev.vigil.config.internal;

import dev.vigil.api.alert.AlertSink;
import dev.vigil.api.check.CheckType;
import dev.vigil.api.check.CheckValidator;
import dev.vigil.api.recovery.RecoveryStrategy;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * The Declarative Services component descriptions of a bundle (the {@code Service-Component}
 * header's XML files, which bnd writes from the annotations): the one place both the daemon
 * and {@code vigil check-config} learn which check types, validators, strategies and alert sinks a bundle
 * provides, so that both see the same thing whether or not the bundle is started.
 */
final class ComponentDescriptions {
    /** The manifest header listing the descriptions. */
    static final String HEADER = "Service-Component";

    /** One component: its class, the interfaces it provides and its properties (each a list of values). */
    record Component(String implementation, Set<String> provides, Map<String, List<String>> properties) {
        List<String> property(String name) {
            return properties.getOrDefault(name, List.of());
        }
    }

    /** Creates a class of the bundle that a description names. */
    interface Classes {
        Class<?> load(String name) throws ClassNotFoundException;
    }

    /** What the components of all bundles seen so far provide. */
    static final class Found {
        final Set<String> checkTypes = new HashSet<>();
        final Set<String> strategies = new HashSet<>();
        final Set<String> sinkTypes = new HashSet<>();
        final Map<String, CheckValidator> validators = new HashMap<>();

        /**
         * Adds what {@code components} provide. A validator that cannot be created (its bundle
         * does not resolve, or it is not a CheckValidator) is left out: its type is then known
         * but its parameters are not checked.
         */
        void add(List<Component> components, Classes classes) {
            for (Component c : components) {
                if (c.provides().contains(CheckType.class.getName())) {
                    checkTypes.addAll(c.property(CheckType.TYPE_PROPERTY));
                }
                if (c.provides().contains(RecoveryStrategy.class.getName())) {
                    strategies.addAll(c.property(RecoveryStrategy.NAME_PROPERTY));
                }
                if (c.provides().contains(AlertSink.class.getName())) {
                    sinkTypes.addAll(c.property(AlertSink.TYPE_PROPERTY));
                }
                if (c.provides().contains(CheckValidator.class.getName())) {
                    try {
                        Object v = classes.load(c.implementation()).getConstructor().newInstance();
                        if (v instanceof CheckValidator validator) {
                            validators.putIfAbsent(validator.type(), validator);
                        }
                    } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
                        // Left out, as documented: the check runs, its parameters are told only then.
                    }
                }
            }
        }
    }

    private static DocumentBuilder parser;

    private ComponentDescriptions() {
    }

    /** The paths the header lists; a {@code *} in the last segment is a pattern, as the DS specification allows. */
    static List<String> paths(String header) {
        return header == null ? List.of() : Arrays.stream(header.split(",")).map(String::trim)
                .map(p -> p.split(";")[0].trim()).filter(p -> !p.isEmpty()).toList();
    }

    /** Whether {@code entry} is matched by the header's {@code path}, which may end in a {@code *} pattern. */
    static boolean matches(String path, String entry) {
        String regex = Arrays.stream(path.split("\\*", -1)).map(java.util.regex.Pattern::quote)
                .reduce((a, b) -> a + "[^/]*" + b).orElse("");
        return entry.matches(regex);
    }

    /**
     * The components of one description file; one that is not readable XML holds none.
     * One parser serves every file: making one (the factory's lookup, its configuration) cost
     * more than reading a description, some 60 of them at each start.
     */
    static synchronized List<Component> parse(InputStream in) throws IOException {
        Element root;
        try {
            if (parser == null) {
                parser = builder();
            } else {
                parser.reset();
            }
            root = parser.parse(in).getDocumentElement();
        } catch (SAXException | ParserConfigurationException e) {
            return List.of();
        }
        List<Component> out = new ArrayList<>();
        if ("component".equals(root.getLocalName())) {
            out.add(component(root));
        } else {
            for (Element e : children(root, "component")) {
                out.add(component(e));
            }
        }
        return out;
    }

    private static Component component(Element e) {
        Set<String> provides = new HashSet<>();
        for (Element service : children(e, "service")) {
            children(service, "provide").forEach(p -> provides.add(p.getAttribute("interface")));
        }
        Map<String, List<String>> properties = new HashMap<>();
        for (Element p : children(e, "property")) {
            List<String> values = p.hasAttribute("value") ? List.of(p.getAttribute("value"))
                    : p.getTextContent().lines().map(String::trim).filter(s -> !s.isEmpty()).toList();
            properties.computeIfAbsent(p.getAttribute("name"), k -> new ArrayList<>()).addAll(values);
        }
        List<Element> impl = children(e, "implementation");
        return new Component(impl.isEmpty() ? "" : impl.get(0).getAttribute("class"), provides, properties);
    }

    private static List<Element> children(Element parent, String localName) {
        List<Element> out = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            Node n = nodes.item(i);
            if (n instanceof Element child && localName.equals(child.getLocalName())) {
                out.add(child);
            }
        }
        return out;
    }

    private static DocumentBuilder builder() throws ParserConfigurationException {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        // Descriptions come from jars anyone may drop into deploy/: no DTDs, no external entities.
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        return factory.newDocumentBuilder();
    }
}
