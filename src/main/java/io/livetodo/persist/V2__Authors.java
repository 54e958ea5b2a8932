package io.livetodo.persist;

/** Who made each change, for installations that require a login. */
public class V2__Authors extends SqlScriptMigration {

    public V2__Authors() {
        super("V2__authors.sql");
    }
}
