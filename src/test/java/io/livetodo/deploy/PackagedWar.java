package io.livetodo.deploy;

import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

import java.io.File;

/** The WAR that the package phase produced for the server under test: what operators deploy is what is tested. */
final class PackagedWar {

    static final String NAME = "livetodo.war";

    private PackagedWar() {
    }

    static WebArchive load() {
        File war = new File(System.getProperty("livetodo.war", "target/livetodo.war"));
        if (!war.isFile()) {
            throw new IllegalStateException(war + " is missing: run the package phase first (mvn verify)");
        }
        // Deployed under the same name whichever WAR it is, so the context path is /livetodo everywhere.
        return ShrinkWrap.create(ZipImporter.class, NAME).importFrom(war).as(WebArchive.class);
    }
}
