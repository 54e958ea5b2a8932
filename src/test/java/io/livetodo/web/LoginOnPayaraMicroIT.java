package io.livetodo.web;

import io.livetodo.support.LaunchedServer;
import io.livetodo.support.PayaraMicroServer;

import java.util.Map;
import java.util.stream.Collectors;

/** Payara Micro with users in its file realm, made by asadmin commands in a post-boot command file. */
class LoginOnPayaraMicroIT extends LoginContract {

    @Override
    LaunchedServer start(Map<String, String> settings) throws Exception {
        return PayaraMicroServer.start(settings, PayaraMicroServer.fileRealmUsers(USERS.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, user -> String.join(":", user.getValue())))));
    }
}
