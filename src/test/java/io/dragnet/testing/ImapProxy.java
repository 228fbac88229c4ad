package io.dragnet.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy in front of an IMAP server that keeps what clients sent, and can drop the connection
 * when the server completes a client command containing a given text, without passing the
 * completion on: the server has carried the command out and the client never hears so, as when a
 * network fails at the worst moment.
 */
public final class ImapProxy implements AutoCloseable {
    private final ServerSocket listener;
    private final int target;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile String cutAfter;
    private volatile String cutTag;
    private final StringBuffer sent = new StringBuffer();

    public ImapProxy(int targetPort) throws IOException {
        this.target = targetPort;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "imap-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** Drops the connection once a command containing this text has reached the server. */
    public void cutAfter(String commandText) {
        cutAfter = commandText;
    }

    /** Everything clients have sent so far. */
    public String sent() {
        return sent.toString();
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(InetAddress.getLoopbackAddress(), target);
                sockets.add(client);
                sockets.add(server);
                pipe(client.getInputStream(), server.getOutputStream(), true, client, server);
                pipe(server.getInputStream(), client.getOutputStream(), false, client, server);
            } catch (IOException e) {
                return;
            }
        }
    }

    private void pipe(InputStream in, OutputStream out, boolean fromClient, Socket client, Socket server) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[8192];
            try {
                int n;
                StringBuilder seen = new StringBuilder();
                while ((n = in.read(buffer)) > 0) {
                    String text = new String(buffer, 0, n, StandardCharsets.ISO_8859_1);
                    if (fromClient) {
                        sent.append(text);
                    }
                    String cut = cutAfter;
                    if (fromClient && cut != null && text.contains(cut)) {
                        cutAfter = null;
                        cutTag = text.substring(0, text.indexOf(' ')); // the command's tag
                    }
                    String tag = cutTag;
                    if (!fromClient && tag != null) {
                        seen.append(text);
                        if (seen.indexOf("\n" + tag + " ") >= 0 || seen.indexOf(tag + " ") == 0) {
                            cutTag = null;
                            client.close();
                            server.close();
                            return;
                        }
                        continue; // held back until the command completes, then dropped
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // the connection is gone either way
            } finally {
                try {
                    client.close();
                    server.close();
                } catch (IOException ignored) {
                    // already closed
                }
            }
        }, "imap-proxy-pipe");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() throws IOException {
        listener.close();
        for (Socket socket : sockets) {
            socket.close();
        }
    }
}
