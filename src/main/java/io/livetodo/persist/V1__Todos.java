package io.livetodo.persist;

/** The first schema: lists, todos and the change log. */
public class V1__Todos extends SqlScriptMigration {

    public V1__Todos() {
        super("V1__todos.sql");
    }
}
