#
# Folio's edge cache for Varnish 7 (Debian 12's varnish): the local stand-in for
# CloudFront, in front of Next.js and Django. scripts/e2e and bench/run start it;
# the ports below are the defaults and those scripts rewrite the lines marked
# "# django port" / "# next port" (scripts/lib.sh start_varnish).
#
# What it caches: only answers the origin marks as cacheable by a shared cache
# (s-maxage or max-age > 0, neither private nor no-store nor no-cache) and that set
# no cookie. Whoever carries a session cookie (Django's, the BFF's JWT pair, Draft
# Mode) or an Authorization header bypasses it. Purges come from Django
# (wagtail.contrib.frontend_cache's HTTP backend, blog/purge.py), from loopback only.
#
vcl 4.1;

backend django {
    .host = "127.0.0.1";
    .port = "8000"; # django port
    .first_byte_timeout = 30s;
}

backend next {
    .host = "127.0.0.1";
    .port = "3000"; # next port
    .first_byte_timeout = 30s;
}

acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE" || req.method == "BAN") {
        if (client.ip !~ purgers) {
            return (synth(403, "Forbidden"));
        }
        # Every object stored under the path, whatever its query string (an API
        # listing's ?type=...&limit=..., Next's ?_rsc=...): blog/purge.py ends API
        # URLs with "*", CloudFront's wildcard, which means the same thing here.
        ban("obj.http.x-cache-path == " + regsub(req.url, "\*?(\?.*)?$", ""));
        return (synth(200, "Purged"));
    }

    # Django: its API (Next's own /api/ routes excepted), admin, ActivityPub,
    # well-known URLs, static files, media and documents, the health probe.
    if (req.url ~ "^/(api/(session|community|preview|revalidate)/)") {
        set req.backend_hint = next;
    } else if (req.url ~ "^/(api|admin|django-admin|ap|\.well-known|static|media|documents)(/|$)" || req.url ~ "^/healthz") {
        set req.backend_hint = django;
    } else {
        set req.backend_hint = next;
    }

    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    if (req.url ~ "^/(admin|django-admin|api/(session|community|preview|revalidate))/") {
        return (pass);
    }
    # Per-user requests never touch the cache: credentials in a header or in the
    # session cookies (Django's session and CSRF, the BFF's folio_access /
    # folio_refresh, Next's Draft Mode and Folio's preview token).
    if (req.http.Authorization) {
        return (pass);
    }
    if (req.http.Cookie ~ "(^|;\s*)(sessionid|csrftoken|folio_access|folio_refresh|folio_preview|__prerender_bypass)=") {
        return (pass);
    }
    # Any other cookie (analytics, ...) plays no part in a public answer.
    unset req.http.Cookie;
    # One stored variant per encoding the origins speak (Next gzips, Django does not);
    # deploy/varnish/run turns off Varnish's own gzip, which would gunzip on every
    # delivery to a client that does not take gzip.
    if (req.http.Accept-Encoding ~ "gzip") {
        set req.http.Accept-Encoding = "gzip";
    } else {
        unset req.http.Accept-Encoding;
    }
    return (hash);
}

sub vcl_hash {
    hash_data(req.url);
    # One site, two backends: the backend is part of the key, the Host is not
    # (127.0.0.1 and localhost share one copy).
    hash_data(req.backend_hint);
    return (lookup);
}

sub vcl_backend_response {
    # What the purge compares: the path without its query string.
    set beresp.http.x-cache-path = regsub(bereq.url, "\?.*$", "");

    if (beresp.http.Set-Cookie) {
        # Never stored; remembered for a while as "fetch this from the origin".
        set beresp.uncacheable = true;
        set beresp.ttl = 60s;
        return (deliver);
    }
    if (!beresp.http.Cache-Control
        || beresp.http.Cache-Control ~ "(private|no-store|no-cache)"
        || beresp.http.Cache-Control !~ "(s-maxage|max-age)=[1-9]") {
        set beresp.uncacheable = true;
        set beresp.ttl = 60s;
        return (deliver);
    }
    if (beresp.http.x-nextjs-cache == "STALE") {
        # Next served its old copy while it re-renders: hand it on, never keep it.
        set beresp.uncacheable = true;
        set beresp.ttl = 1s;
        return (deliver);
    }
    # TTL from s-maxage, grace from stale-while-revalidate (Varnish reads both);
    # Next's default stale window is a year: a day is the most we keep past the TTL.
    if (beresp.grace > 1d) {
        set beresp.grace = 1d;
    }
    return (deliver);
}

sub vcl_deliver {
    unset resp.http.x-cache-path;
    if (obj.uncacheable) {
        set resp.http.X-Cache = "PASS";
    } else if (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
    unset resp.http.Via;
    unset resp.http.X-Varnish;
}
