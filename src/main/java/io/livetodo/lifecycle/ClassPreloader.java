package io.livetodo.lifecycle;

import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Loads every class of the application's own ({@code WEB-INF/classes}) when it starts. A stopping Payara Micro
 * deletes its temporary runtime folder, where the WAR is unpacked, before it stops the application: a class first
 * needed while connections drain (an error path, a message type not seen before) could then not be loaded, and the
 * message that needed it would go unanswered. About a hundred classes, loaded without running their initialisers.
 */
@WebListener
public class ClassPreloader implements ServletContextListener {

    private static final Logger LOG = Logger.getLogger(ClassPreloader.class.getName());
    private static final String ROOT = "/WEB-INF/classes/";

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ClassLoader loader = ClassPreloader.class.getClassLoader();
        List<String> classFiles = new ArrayList<>();
        collect(event.getServletContext(), ROOT, classFiles);
        for (String path : classFiles) {
            String name = path.substring(ROOT.length(), path.length() - ".class".length()).replace('/', '.');
            try {
                Class.forName(name, false, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                LOG.log(Level.FINE, "Not preloaded: " + name, e);
            }
        }
        LOG.fine(() -> "Preloaded the application's " + classFiles.size() + " classes");
    }

    private static void collect(ServletContext context, String directory, List<String> classFiles) {
        Set<String> paths = context.getResourcePaths(directory);
        if (paths == null) {
            return;
        }
        for (String path : paths) {
            if (path.endsWith("/")) {
                collect(context, path, classFiles);
            } else if (path.endsWith(".class")) {
                classFiles.add(path);
            }
        }
    }
}
