package linkchart.neo4j;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.graphdb.Result;
import org.neo4j.graphdb.Transaction;

/**
 * Starts an embedded Neo4j Community for linkchart's tests: Bolt only, on
 * 127.0.0.1, without authentication, on an empty database (the home folder is
 * deleted first), with a small page cache. It prints one line starting with
 * {@code READY} when Bolt answers and the default database is online, and it
 * shuts the database down cleanly when the JVM gets SIGTERM or SIGINT.
 *
 * <p>Usage: {@code Launcher HOME_DIR [PORT]}; the port defaults to
 * {@code $NEO4J_PORT}, then 7687. {@code NEO4J_PAGECACHE_MB} sets the page
 * cache (default 128). {@code NEO4J_TX_MEMORY_MB}, when set, caps the memory
 * of all transactions ({@code dbms.memory.transaction.total.max}; by default
 * 70% of the heap): tests of what outgrows it use a small one.
 */
public final class Launcher {

    private Launcher() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: Launcher HOME_DIR [PORT]");
            System.exit(2);
        }
        Path home = Path.of(args[0]).toAbsolutePath();
        int port = parsePort(args.length == 2 ? args[1] : System.getenv().getOrDefault("NEO4J_PORT", "7687"));
        long pageCacheMb = Long.parseLong(System.getenv().getOrDefault("NEO4J_PAGECACHE_MB", "128"));
        String txMemoryMb = System.getenv().getOrDefault("NEO4J_TX_MEMORY_MB", "");

        deleteTree(home);
        Files.createDirectories(home);

        long started = System.nanoTime();
        DatabaseManagementServiceBuilder builder = new DatabaseManagementServiceBuilder(home);
        if (!txMemoryMb.isBlank()) {
            builder.setConfig(GraphDatabaseSettings.memory_transaction_global_max_size, Long.parseLong(txMemoryMb.trim()) * 1024 * 1024);
        }
        DatabaseManagementService dbms = builder
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                .setConfig(BoltConnector.advertised_address, new SocketAddress("127.0.0.1", port))
                .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                .setConfig(HttpConnector.enabled, false)
                .setConfig(HttpsConnector.enabled, false)
                .setConfig(GraphDatabaseSettings.auth_enabled, false)
                .setConfig(GraphDatabaseSettings.pagecache_memory, pageCacheMb * 1024 * 1024)
                // A test database: no 250 MB preallocated transaction logs, no old logs kept.
                .setConfig(GraphDatabaseSettings.preallocate_logical_logs, false)
                .setConfig(GraphDatabaseSettings.keep_logical_logs, "false")
                .build();

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("linkchart-neo4j: shutting down");
            try {
                dbms.shutdown();
            } finally {
                System.out.println("linkchart-neo4j: stopped");
                System.out.flush();
                stopped.countDown();
            }
        }, "linkchart-neo4j-shutdown"));

        GraphDatabaseService db = dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
        if (!db.isAvailable(Duration.ofMinutes(3).toMillis())) {
            System.err.println("linkchart-neo4j: default database did not come online");
            System.exit(1);
        }
        String version = "?";
        try (Transaction tx = db.beginTx();
             Result r = tx.execute("CALL dbms.components() YIELD name, versions, edition "
                     + "RETURN name + ' ' + versions[0] + ' ' + edition AS v")) {
            if (r.hasNext()) {
                Map<String, Object> row = r.next();
                version = String.valueOf(row.get("v"));
            }
            tx.commit();
        }
        long ms = Duration.ofNanos(System.nanoTime() - started).toMillis();
        System.out.printf("READY Bolt enabled on 127.0.0.1:%d, auth off, %s, page cache %d MB, started in %d ms, home %s%n",
                port, version, pageCacheMb, ms, home);
        System.out.flush();
        stopped.await();
    }

    private static int parsePort(String s) {
        int p = Integer.parseInt(s.trim());
        if (p < 1 || p > 65535) {
            throw new IllegalArgumentException("port out of range: " + s);
        }
        return p;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
