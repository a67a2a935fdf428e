package dev.kubeatlas.cluster.kube;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Decides whether KubeAtlas may connect to a kubeconfig's server (or proxy): a kubeconfig must not make this service
 * send its token to itself, to a neighbour on the host, or to a cloud metadata endpoint. Refused: loopback,
 * link-local (169.254.169.254), unspecified ({@code 0.0.0.0}), broadcast and multicast addresses, well-known
 * metadata addresses, and the addresses of this host's own network interfaces. Host names are resolved and every
 * address they resolve to is checked; IPv4 literals in the shorthand, decimal, octal and hex forms the system
 * resolver accepts ({@code 2130706433}, {@code 0x7f.1}, {@code 0177.0.0.1}) are read as the address they stand for.
 * Blocking (name resolution); re-checked before every connection, so a name that resolves elsewhere later is caught
 * on the next one.
 */
public final class ServerAddressGuard {

    /** Metadata endpoints outside the link-local range: AWS over IPv6, Alibaba Cloud. */
    private static final Set<String> METADATA = Set.of("fd00:ec2:0:0:0:0:0:254", "100.100.100.200");

    private final boolean allowLoopback;
    private final Set<Integer> platformPorts;

    /** @param allowLoopback for local sandboxes and tests only ({@code kubeatlas.clusters.allow-loopback}) */
    public ServerAddressGuard(boolean allowLoopback) {
        this(allowLoopback, Set.of());
    }

    /**
     * @param platformPorts the ports of the platform's own services on this host (gateway, services, identity
     *                      provider, Kafka, database): refused even where loopback is allowed
     */
    public ServerAddressGuard(boolean allowLoopback, Set<Integer> platformPorts) {
        this.allowLoopback = allowLoopback;
        this.platformPorts = Set.copyOf(platformPorts);
    }

    /** Whether a connection to the URL's host may be made. An unparsable URL or unresolvable host is not allowed. */
    public boolean allows(String url) {
        String host;
        int port;
        try {
            URI uri = URI.create(url);
            host = uri.getHost();
            port = uri.getPort() > 0 ? uri.getPort() : "http".equalsIgnoreCase(uri.getScheme()) ? 80 : 443;
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (host == null || host.isEmpty()) {
            return false;
        }
        List<InetAddress> addresses;
        try {
            addresses = resolve(host);
        } catch (UnknownHostException e) {
            return false;
        }
        Set<InetAddress> own = ownAddresses();
        return !addresses.isEmpty() && addresses.stream().allMatch(a -> allowed(a, port, own));
    }

    private boolean allowed(InetAddress address, int port, Set<InetAddress> own) {
        InetAddress a = address.isLoopbackAddress() ? address : embeddedIpv4(address);
        if (a.isLoopbackAddress()) {
            return allowLoopback && !platformPorts.contains(port);
        }
        if (a.isAnyLocalAddress() || a.isLinkLocalAddress() || a.isMulticastAddress()
                || METADATA.contains(a.getHostAddress())) {
            return false;
        }
        if (a instanceof Inet4Address) {
            byte[] b = a.getAddress();
            if (b[0] == 0 || (b[0] & 0xff) == 255 && (b[1] & 0xff) == 255 && (b[2] & 0xff) == 255 && (b[3] & 0xff) == 255) {
                return false; // 0.0.0.0/8 "this network", limited broadcast
            }
        }
        return !own.contains(a);
    }

    /** Every address the host stands for: an IPv4 literal in any form the resolver accepts, or a name resolved. */
    static List<InetAddress> resolve(String host) throws UnknownHostException {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        byte[] literal = permissiveIpv4(h);
        List<InetAddress> result = new ArrayList<>();
        if (literal != null) {
            result.add(InetAddress.getByAddress(literal));
        }
        // what the client's resolver would answer as well, in case it reads the text differently
        try {
            Collections.addAll(result, InetAddress.getAllByName(h));
        } catch (UnknownHostException e) {
            if (literal == null) {
                throw e;
            }
        }
        return result;
    }

    /**
     * An IPv4 address in the forms inet_aton accepts: one to four parts separated by dots, each decimal, octal
     * (leading 0) or hex (0x); the last part fills the remaining bytes. Null when the text is not such a literal.
     */
    static byte[] permissiveIpv4(String text) {
        String[] parts = text.toLowerCase(Locale.ROOT).split("\\.", -1);
        if (parts.length > 4) {
            return null;
        }
        long[] values = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            Long v = number(parts[i]);
            if (v == null) {
                return null;
            }
            values[i] = v;
        }
        long address = 0;
        for (int i = 0; i < parts.length - 1; i++) {
            if (values[i] > 255) {
                return null;
            }
            address |= values[i] << (8 * (3 - i));
        }
        long last = values[parts.length - 1];
        if (last >= 1L << (8 * (5 - parts.length))) {
            return null;
        }
        address |= last;
        return new byte[]{(byte) (address >> 24), (byte) (address >> 16), (byte) (address >> 8), (byte) address};
    }

    private static Long number(String part) {
        try {
            if (part.startsWith("0x")) {
                return part.length() == 2 ? 0L : part.length() > 10 ? null : Long.parseLong(part.substring(2), 16);
            }
            if (part.isEmpty() || part.length() > 12 || !part.chars().allMatch(Character::isDigit)) {
                return null;
            }
            return part.length() > 1 && part.startsWith("0") ? Long.parseLong(part.substring(1), 8) : Long.parseLong(part);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The IPv4 address inside an IPv4-compatible ({@code ::127.0.0.1}) IPv6 address; the address itself otherwise. */
    private static InetAddress embeddedIpv4(InetAddress address) {
        if (address instanceof Inet6Address v6 && v6.isIPv4CompatibleAddress()) {
            byte[] b = v6.getAddress();
            try {
                return InetAddress.getByAddress(new byte[]{b[12], b[13], b[14], b[15]});
            } catch (UnknownHostException e) {
                return address;
            }
        }
        return address;
    }

    private static Set<InetAddress> ownAddresses() {
        Set<InetAddress> own = new HashSet<>();
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                own.addAll(Collections.list(nic.getInetAddresses()));
            }
        } catch (SocketException e) {
            // without the list, the other rules still apply
        }
        return own;
    }
}
