package dev.vigil.http.internal;

import org.apache.felix.http.jetty.ConnectorFactory;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.osgi.service.component.annotations.Component;

/**
 * Gives Felix HTTP's Jetty server the JSON error handler, on the server and on each of its
 * contexts. Felix HTTP hands its {@link Server} to {@link ConnectorFactory} services only, and
 * nothing in its configuration names an error handler; this factory's connector is dormant
 * (it never opens a socket): the one connector that listens stays Felix's, on system.http's
 * address and leased port. Jetty asks again whenever it is restarted (a rebind).
 */
@Component(service = ConnectorFactory.class)
public final class JettyErrors implements ConnectorFactory {

    @Override
    public Connector createConnector(Server server) {
        JsonErrorHandler handler = new JsonErrorHandler();
        server.setErrorHandler(handler);
        for (org.eclipse.jetty.server.Handler h : server.getChildHandlersByClass(ContextHandler.class)) {
            ((ContextHandler) h).setErrorHandler(handler);
        }
        ServerConnector listening = null;
        for (Connector c : server.getConnectors()) {
            if (c instanceof ServerConnector sc) {
                listening = sc;
            }
        }
        return new Dormant(server, listening);
    }

    /** A connector that is started and stopped with the others but never opens a socket. */
    static final class Dormant extends ServerConnector {
        Dormant(Server server, ServerConnector like) {
            super(server, 0, 1);
            if (like != null) {
                // Felix lists every connector's address as the runtime's endpoint: the same one.
                setHost(like.getHost());
                setPort(like.getPort());
            }
        }

        @Override
        protected void doStart() {
            // Never opened, no acceptor, no selector.
        }

        @Override
        protected void doStop() {
        }

        @Override
        public void open() {
        }

        @Override
        public String toString() {
            return "Vigil's error handler (no socket)";
        }
    }
}
