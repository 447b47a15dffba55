package dev.dbsync.support;

/**
 * The shop in PostgreSQL: customers (uuid keys), products, orders, order_items (a composite
 * key) and reviews, with an index on orders.created_at. Made once per test run.
 */
public final class Shop {
  private static String url;

  private Shop() {}

  public static synchronized String database() {
    if (url == null) {
      String u = Pg.newDatabase();
      Pg.exec(u, """
        CREATE TABLE customers (id uuid PRIMARY KEY, email text NOT NULL, name text);
        CREATE TABLE products (id int PRIMARY KEY, name text NOT NULL, price numeric(10,2));
        CREATE TABLE orders (id bigint PRIMARY KEY, customer_id uuid NOT NULL
            REFERENCES customers, created_at timestamp NOT NULL, status text NOT NULL);
        CREATE INDEX orders_created_at ON orders (created_at);
        CREATE TABLE order_items (order_id bigint REFERENCES orders, line_no int,
            product_id int NOT NULL REFERENCES products, qty int NOT NULL,
            PRIMARY KEY (order_id, line_no));
        CREATE INDEX order_items_product ON order_items (product_id);
        CREATE TABLE reviews (id serial PRIMARY KEY, product_id int REFERENCES products,
            customer_id uuid REFERENCES customers, body text);
        INSERT INTO customers SELECT md5('c' || g)::uuid, 'c' || g || '@shop.example',
            'Customer ' || g FROM generate_series(1, 60) g;
        INSERT INTO products SELECT g, 'Product ' || g, g * 1.25 FROM generate_series(1, 40) g;
        INSERT INTO orders SELECT g, md5('c' || (1 + (g * 7) % 60))::uuid,
            timestamp '2026-01-01' + g * interval '1 day',
            (ARRAY['paid', 'shipped', 'cancelled'])[1 + g % 3] FROM generate_series(1, 300) g;
        INSERT INTO order_items SELECT o, l, 1 + ((o + l) % 13) * 3, l
            FROM generate_series(1, 300) o, generate_series(1, 3) l WHERE l <= 1 + o % 3;
        INSERT INTO reviews (product_id, customer_id, body) SELECT 1 + g % 40,
            md5('c' || (1 + g % 60))::uuid, 'ok' FROM generate_series(1, 80) g;
        """);
      url = u;
    }
    return url;
  }
}
