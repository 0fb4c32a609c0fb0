package iam

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
)

// A statement of a principal with conditions carries them, joined to its
// own, and may neither name another principal nor set their keys again.
func TestPrincipalWithConditions(t *testing.T) {
	central := AccountRolesInOrganization("aws", "111111111111", "o-abc", "arn:aws:iam::111111111111:role/b", "arn:aws:iam::111111111111:role/a")
	st := central.Statement(Statement{Effect: Allow, Action: Strings{"sts:AssumeRole"},
		Condition: Conditions{StringEquals: {"sts:ExternalId": Strings{"x"}}}})
	assert.JSONEq(t, `{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":"sts:AssumeRole",
		"Condition":{"ArnEquals":{"aws:PrincipalArn":["arn:aws:iam::111111111111:role/a","arn:aws:iam::111111111111:role/b"]},
		"StringEquals":{"aws:PrincipalOrgID":"o-abc","sts:ExternalId":"x"}}}`, string(must(json.Marshal(st))))
	assert.NotContains(t, central.Conditions[StringEquals], "sts:ExternalId", "the principal's own conditions are left alone")

	members := RolesUnderOrgPaths([]string{"o-abc/*/ou-2/*", "o-abc/*/ou-1/*"}, "arn:aws:iam::*:role/x")
	assert.Equal(t, Anyone, members.Principal)
	assert.Equal(t, Conditions{ForAnyValueStringLike: {PrincipalOrgPaths: Strings{"o-abc/*/ou-1/*", "o-abc/*/ou-2/*"}},
		ArnLike: {PrincipalARN: Strings{"arn:aws:iam::*:role/x"}}}, members.Conditions)
	assert.NotContains(t, RolesUnderOrgPaths([]string{"o-abc/r-1/*"}).Conditions, ArnLike)

	assert.Panics(t, func() { members.Statement(Statement{Principal: Anyone}) })
	assert.Panics(t, func() {
		members.Statement(Statement{Condition: Conditions{ArnLike: {PrincipalARN: Strings{"*"}}}})
	})
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
