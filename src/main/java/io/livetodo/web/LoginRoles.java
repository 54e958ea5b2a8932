package io.livetodo.web;

import io.livetodo.config.Setting;
import io.livetodo.config.Settings;
import jakarta.inject.Inject;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;

/**
 * Declares the role {@code todo.auth.role} names, as a {@code security-role} in web.xml would: servers map only
 * declared roles to users and groups, so {@code isUserInRole} would otherwise say no to everybody.
 */
@WebListener
public class LoginRoles implements ServletContextListener {

    @Inject
    Settings settings;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        String role = settings.string(Setting.AUTH_ROLE);
        if (role != null) {
            event.getServletContext().declareRoles(role);
            event.getServletContext().log("Login required: users need the role '" + role + "' (todo.auth.role)");
        }
    }
}
