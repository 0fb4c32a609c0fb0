// Package iam builds the IAM, KMS, vault, event bus and log resource
// policies as typed documents that marshal to deterministic, minified JSON.
package iam

import (
	"encoding/json"
	"sort"
)

// Version is the IAM policy language version.
const Version = "2012-10-17"

// Document is a policy document.
type Document struct {
	Version   string      `json:"Version"`
	Statement []Statement `json:"Statement"`
}

// Statement is one statement of a document.
type Statement struct {
	Sid       string     `json:"Sid,omitempty"`
	Effect    Effect     `json:"Effect"`
	Principal *Principal `json:"Principal,omitempty"`
	Action    Strings    `json:"Action,omitempty"`
	NotAction Strings    `json:"NotAction,omitempty"`
	Resource  Strings    `json:"Resource,omitempty"`
	Condition Conditions `json:"Condition,omitempty"`
}

// Effect allows or denies.
type Effect string

const (
	Allow Effect = "Allow"
	Deny  Effect = "Deny"
)

// Principal names who a resource policy or trust policy applies to.
type Principal struct {
	AWS     Strings `json:"AWS,omitempty"`
	Service Strings `json:"Service,omitempty"`
}

// Anyone is the principal of resource policies that conditions narrow down.
var Anyone = &Principal{AWS: Strings{"*"}}

// Strings is a list that marshals a single element as a plain string, as
// AWS writes them.
type Strings []string

func (s Strings) MarshalJSON() ([]byte, error) {
	if len(s) == 1 {
		return json.Marshal(s[0])
	}
	return json.Marshal([]string(s))
}

// Conditions maps an operator to its keys and values; encoding/json sorts both levels.
type Conditions map[string]map[string]Strings

// New returns a document of the given statements.
func New(statements ...Statement) Document {
	return Document{Version: Version, Statement: statements}
}

// JSON is the minified document.
func (d Document) JSON() string {
	out, err := json.Marshal(d)
	if err != nil {
		panic(err) // a document holds only strings
	}
	return string(out)
}

// Sorted returns a sorted copy of values.
func Sorted(values ...string) Strings {
	out := append(Strings(nil), values...)
	sort.Strings(out)
	return out
}
