package dev.kubeatlas.cluster.kube;

import org.junit.jupiter.api.Test;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.util.Collections;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class ServerAddressGuardTest {

    private final ServerAddressGuard guard = new ServerAddressGuard(false);

    @Test
    void refusesLoopbackLinkLocalUnspecifiedAndMulticastInEveryNotation() {
        for (String url : new String[]{"http://127.0.0.1:8081", "https://localhost:6443", "http://[::1]:8081",
                "http://0.0.0.0:8081", "http://169.254.169.254/latest/meta-data", "http://2130706433:8081",
                "http://0x7f.1:8081", "http://0177.0.0.1:8081", "http://127.1:8081", "http://017700000001:8081",
                "http://0x7f000001", "http://[::ffff:127.0.0.1]:8081", "http://[::]:8081", "http://[fe80::1]:6443",
                "http://224.0.0.1:6443", "http://255.255.255.255", "http://[fd00:ec2::254]/", "http://100.100.100.200/",
                "http://0:8081"}) {
            assertThat(guard.allows(url)).as(url).isFalse();
        }
    }

    @Test
    void refusesWhatCannotBeParsedOrResolved() {
        assertThat(guard.allows("http://does-not-exist.invalid:6443")).isFalse();
        assertThat(guard.allows("not a url")).isFalse();
        assertThat(guard.allows("https:///path-only")).isFalse();
    }

    @Test
    void refusesThisHostsOwnAddresses() throws Exception {
        Optional<InetAddress> own = Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                .flatMap(nic -> Collections.list(nic.getInetAddresses()).stream())
                .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress())
                .findFirst();
        own.ifPresent(a -> assertThat(new ServerAddressGuard(true).allows("https://" + a.getHostAddress() + ":6443"))
                .as(a.getHostAddress()).isFalse());
    }

    @Test
    void allowsOrdinaryPublicAndPrivateAddresses() {
        assertThat(guard.allows("https://203.0.113.10:6443")).isTrue();
        assertThat(guard.allows("https://198.51.100.7")).isTrue();
        assertThat(guard.allows("https://[2001:db8::10]:6443")).isTrue();
    }

    @Test
    void loopbackOnlyWhenAllowedAndNothingElseWithIt() {
        ServerAddressGuard sandbox = new ServerAddressGuard(true);
        assertThat(sandbox.allows("http://127.0.0.1:6443")).isTrue();
        assertThat(sandbox.allows("http://localhost:6443")).isTrue();
        assertThat(sandbox.allows("http://[::1]:6443")).isTrue();
        assertThat(sandbox.allows("http://169.254.169.254")).isFalse();
        assertThat(sandbox.allows("http://0.0.0.0:6443")).isFalse();
    }

    @Test
    void readsIpv4LiteralsTheWayTheSystemResolverDoes() {
        assertThat(ServerAddressGuard.permissiveIpv4("2130706433")).containsExactly(127, 0, 0, 1);
        assertThat(ServerAddressGuard.permissiveIpv4("0x7f.1")).containsExactly(127, 0, 0, 1);
        assertThat(ServerAddressGuard.permissiveIpv4("0177.0.0.01")).containsExactly(127, 0, 0, 1);
        assertThat(ServerAddressGuard.permissiveIpv4("169.254.43518")).containsExactly(169, 254, (byte) 169, (byte) 254);
        assertThat(ServerAddressGuard.permissiveIpv4("10.1.2.3")).containsExactly(10, 1, 2, 3);
        assertThat(ServerAddressGuard.permissiveIpv4("api.example.com")).isNull();
        assertThat(ServerAddressGuard.permissiveIpv4("256.1.1.1")).isNull();
        assertThat(ServerAddressGuard.permissiveIpv4("1.2.3.4.5")).isNull();
        assertThat(ServerAddressGuard.permissiveIpv4("08.1.1.1")).isNull();
    }

    @Test
    void whereLoopbackIsAllowedThePlatformsOwnPortsStayRefused() {
        ServerAddressGuard local = new ServerAddressGuard(true, java.util.Set.of(8080, 8081, 8180));
        assertThat(local.allows("https://127.0.0.1:6443")).isTrue();
        assertThat(local.allows("http://127.0.0.1:8081")).isFalse();
        assertThat(local.allows("http://localhost:8180/admin/realms")).isFalse();
        assertThat(local.allows("http://2130706433:8080")).isFalse();
    }
}
