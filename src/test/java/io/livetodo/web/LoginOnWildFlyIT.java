package io.livetodo.web;

import io.livetodo.support.LaunchedServer;
import io.livetodo.support.WildFlyServer;

import java.util.Map;
import java.util.stream.Collectors;

/**
 * WildFly with users made by add-user.sh in the application realm, and Undertow's "other" application security
 * domain mapped to Elytron's ApplicationDomain.
 */
class LoginOnWildFlyIT extends LoginContract {

    @Override
    LaunchedServer start(Map<String, String> settings) throws Exception {
        return WildFlyServer.startWithLogin(settings, USERS.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, user -> String.join(",", user.getValue()))));
    }
}
