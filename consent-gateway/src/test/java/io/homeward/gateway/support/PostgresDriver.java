package io.homeward.gateway.support;

/**
 * Registers the PostgreSQL driver as seen from the caller's class loader. Each Quarkus test
 * application has a class loader of its own, and the driver DriverManager found first belongs to
 * whichever loader touched it first: once that application stops, a later test (a plain one, or the
 * next application's {@link PostgresSchema}) finds "no suitable driver" unless its own copy of the
 * driver class has registered itself, which loading it does.
 */
public final class PostgresDriver {
  private PostgresDriver() {}

  public static void load(Class<?> caller) {
    try {
      Class.forName("org.postgresql.Driver", true, caller.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("the PostgreSQL driver is not on the test class path", e);
    }
  }
}
