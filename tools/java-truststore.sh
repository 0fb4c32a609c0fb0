#!/usr/bin/env bash
# The trust store Maven runs with in the events tier (mk/events.mk): the pinned Java runtime's own
# CA certificates plus every CA of the machine's bundle (the one pip and curl trust, which may hold
# a CA of the machine's network) the runtime lacks. Written as JKS: one keytool run per added CA,
# each a quick load and save (a PKCS12 store takes seconds per save).
#
# usage: tools/java-truststore.sh JAVA_HOME CA_BUNDLE OUT (CA_BUNDLE may be empty: the runtime's CAs)
set -euo pipefail
java_home=$1 bundle=$2 out=$3
keytool=$java_home/bin/keytool
pass=changeit

rm -f "$out" "$out.tmp"
"$keytool" -importkeystore -noprompt -srckeystore "$java_home/lib/security/cacerts" -srcstorepass "$pass" \
	-destkeystore "$out.tmp" -deststoretype JKS -deststorepass "$pass" > /dev/null 2>&1
if [ -n "$bundle" ]; then
	work=$(mktemp -d)
	trap 'rm -rf "$work"' EXIT
	# The SHA-256 fingerprints the store holds, lower-case hex without colons.
	"$keytool" -list -keystore "$out.tmp" -storetype JKS -storepass "$pass" 2> /dev/null |
		sed -n 's/^Certificate fingerprint (SHA-256): //p' | tr -d : | tr A-F a-f | sort -u > "$work/have"
	awk -v dir="$work" '/-----BEGIN CERTIFICATE-----/ { n++; f = sprintf("%s/ca-%04d.pem", dir, n) }
		f { print > f } /-----END CERTIFICATE-----/ { close(f); f = "" }' "$bundle"
	added=0
	for pem in "$work"/ca-*.pem; do
		[ -e "$pem" ] || continue
		fingerprint=$(grep -v -- ----- "$pem" | base64 -d | sha256sum | cut -d' ' -f1)
		grep -qx "$fingerprint" "$work/have" && continue
		"$keytool" -importcert -noprompt -alias "machine-$fingerprint" -file "$pem" \
			-keystore "$out.tmp" -storetype JKS -storepass "$pass" > /dev/null 2>&1
		added=$((added + 1))
	done
	echo "trust store: the runtime's CAs and $added more of $bundle"
fi
mv "$out.tmp" "$out"
