#!/usr/bin/env python3
"""Writes a random topology (docs/topology.md) for comparing two builds of the engine.

Usage: bench/random_topology.py SEED > topology.xml

Leans towards what decides counts: groups of never-generalized clones sharing one CMID beside
generalized machines, several hosts per site with SRV priorities and weights, thresholds and
readings, outages, DNS failures, activate-now, host restarts, hosts handing out their own
intervals, unactivated hosts and hosts not covering a product, explicit hosts, virtual machines,
AD activation objects. Used by bench/compare_engines.sh.
"""
import random
import sys

PRODUCTS = ["win10-enterprise", "win7-enterprise", "vista-enterprise", "server2019-standard",
            "win11-enterprise", "server2008-standard", "win81-enterprise", "server2022-standard"]


def main():
    rng = random.Random(int(sys.argv[1]))
    days = rng.choice([1, 3, 10, 31, 45, 60, 120, 210])
    attrs = {"days": days, "seed": rng.randrange(1, 1000)}
    if rng.random() < 0.3:
        attrs["client-threshold"] = rng.choice([3, 10, 25, 26, 40])
    if rng.random() < 0.3:
        attrs["server-threshold"] = rng.choice([2, 5, 6])
    if rng.random() < 0.2:
        attrs["threshold-rule"] = "more-than"
    if rng.random() < 0.2:
        attrs["count-window"] = rng.choice(["1d", "3d", "10d"])
    if rng.random() < 0.2:
        attrs["vm-counting"] = "not-counted"
    if rng.random() < 0.15:
        attrs["host-caching"] = "false"
    if rng.random() < 0.2:
        attrs["srv-selection"] = rng.choice(["random", "priority"])
    if rng.random() < 0.1:
        attrs["restart-clears-count"] = "false"
    sites = rng.randint(1, 3)
    hosts = []  # (name, site)
    site_hosts = []
    for s in range(sites):
        names = []
        for h in range(rng.choice([0, 1, 1, 1, 2, 2, 3])):
            names.append("kms%d-%d.corp.example" % (s, h))
            hosts.append((names[-1], s))
        site_hosts.append(names)
    out = ['<topology %s>' % " ".join('%s="%s"' % kv for kv in attrs.items())]
    out.append("  <dns>")
    for s in range(sites):
        out.append('    <zone name="site%d.example">' % s)
        candidates = site_hosts[s] + [n for n, _ in hosts if rng.random() < 0.2]
        for name in dict.fromkeys(candidates):
            out.append('      <srv target="%s" priority="%d" weight="%d"/>'
                       % (name, rng.choice([0, 0, 10]), rng.choice([0, 1, 5])))
        out.append("    </zone>")
    out.append("  </dns>")
    groups = []
    for s in range(sites):
        out.append('  <site name="site%d">' % s)
        for name in site_hosts[s]:
            host = ['name="%s"' % name]
            if rng.random() < 0.15:
                host.append('activated="false"')
            if rng.random() < 0.15:
                host.append('products="%s"' % rng.choice(["win7", "vista,win7", "win10"]))
            if rng.random() < 0.2:
                host.append('activation-interval="%d"' % rng.choice([15, 60, 97, 500, 2000]))
            if rng.random() < 0.15:
                host.append('renewal-interval="%d"' % rng.choice([60, 1440, 20000]))
            out.append("    <kms-host %s/>" % " ".join(host))
        for g in range(rng.randint(1, 5)):
            name = "s%dg%d" % (s, g)
            groups.append(name)
            count = rng.choice([1, 3, 4, 10, 20, 24, 25, 30, 60, 200, 1000])
            group = ['name="%s"' % name, 'count="%d"' % count,
                     'product="%s"' % rng.choice(PRODUCTS)]
            if rng.random() < 0.5:
                group.append('generalized="false"')
            if rng.random() < 0.15 and hosts:
                group.append('kms-host="%s"' % rng.choice(hosts)[0])
            else:
                group.append('dns-suffix="site%d.example"' % rng.randrange(sites))
            group.append('boot="%s"' % rng.choice(
                ["at-start", "spread:8h", "spread:2h", "at:30m", "at:3d", "at:1d,spread:1d",
                 "spread:%dd" % max(1, days // 2)]))
            if rng.random() < 0.15:
                group.append('virtual="true"')
            if rng.random() < 0.1:
                group.append('join="domain" ad-domain="corp.example"')
            out.append("    <clients %s/>" % " ".join(group))
        out.append("  </site>")
    if sites > 1 and rng.random() < 0.5:
        out.append('  <link a="site0" b="site1"/>')
    for _ in range(rng.choice([0, 0, 1, 2])):
        start = rng.randrange(days + 1)
        out.append('  <outage clients="%s" from-day="%d" to-day="%d"/>'
                   % (rng.choice(groups), start, rng.randint(start, days + 5)))
    for _ in range(rng.choice([0, 0, 1, 3])):
        out.append('  <activate-now clients="%s" day="%d"/>'
                   % (rng.choice(groups), rng.randrange(days + 1)))
    for _ in range(rng.choice([0, 0, 1, 2])):
        if hosts:
            out.append('  <host-restart host="%s" day="%d"/>'
                       % (rng.choice(hosts)[0], rng.randrange(days + 1)))
    if rng.random() < 0.15:
        start = rng.randrange(days + 1)
        out.append('  <dns-failure clients="%s" from-day="%d" to-day="%d"/>'
                   % (rng.choice(groups), start, rng.randint(start, days + 1)))
    if rng.random() < 0.1:
        out.append('  <ad-activation forest="corp.example" host-key="server2019" from-day="0"'
                   ' to-day="%d"/>' % rng.randrange(days + 1))
    out.append("</topology>")
    print("\n".join(out))


main()
