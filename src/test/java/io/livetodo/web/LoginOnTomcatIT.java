package io.livetodo.web;

import io.livetodo.support.LaunchedServer;
import io.livetodo.support.TomcatServer;

import java.util.Map;
import java.util.stream.Collectors;

/** Tomcat 10.1 with users and their roles in conf/tomcat-users.xml. */
class LoginOnTomcatIT extends LoginContract {

    @Override
    LaunchedServer start(Map<String, String> settings) throws Exception {
        return TomcatServer.configure().environment(settings).users(USERS.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, user -> String.join(",", user.getValue())))).start();
    }
}
