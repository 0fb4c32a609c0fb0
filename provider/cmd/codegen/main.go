// Command codegen writes schema.json, from the provider's own schema, and
// the Go, Node.js and Python SDKs generated from it, offline:
//
//	codegen [-root DIR] [-version X.Y.Z]
//
// The SDKs come from pulumi/pkg's code generators, bound with a schema
// loader that refuses every other package: the schema refers to none.
//
// The committed schema and SDKs carry no version, so they do not depend on
// the version a build stamps into the plugin: the Go SDK takes its version
// from its module tag (sdk/vX.Y.Z), and a release regenerates the Node.js
// and Python SDKs with -version before packing them.
package main

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"text/template"

	"github.com/blang/semver"
	gogen "github.com/pulumi/pulumi/pkg/v3/codegen/go"
	nodejsgen "github.com/pulumi/pulumi/pkg/v3/codegen/nodejs"
	pythongen "github.com/pulumi/pulumi/pkg/v3/codegen/python"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"

	p "github.com/pulumi/pulumi-go-provider"

	"github.com/orgbackup/pulumi-orgbackup/provider"
)

const tool = "orgbackup-codegen"

// Languages are the SDKs, each under sdk/<language>. sdk/go.mod, kept by
// go mod tidy, makes sdk/ the Go SDK's own module, so SDK users do not pull
// the provider's dependencies.
var Languages = []string{"go", "nodejs", "python"}

func main() {
	root := flag.String("root", ".", "repository root: schema.json and sdk/ are written there")
	version := flag.String("version", "", "package version (semver, no leading v) for a release; none for the committed files")
	flag.Parse()
	files, err := Generate(*version)
	if err == nil {
		err = Write(*root, files)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "codegen:", err)
		os.Exit(1)
	}
}

// Generate returns every generated file by its path from the repository
// root, for the given package version ("" for none).
func Generate(version string) (map[string][]byte, error) {
	if version != "" {
		if _, err := semver.Parse(version); err != nil {
			return nil, fmt.Errorf("-version %q: %w", version, err)
		}
	}
	prov, err := provider.Provider()
	if err != nil {
		return nil, err
	}
	spec, err := p.GetSchema(context.Background(), provider.Name, version, prov)
	if err != nil {
		return nil, err
	}
	raw, err := json.MarshalIndent(spec, "", "  ")
	if err != nil {
		return nil, err
	}
	files := map[string][]byte{"schema.json": append(raw, '\n')}
	for _, lang := range Languages {
		// Each generator gets its own bound package: they write to it.
		pkg, diags, err := schema.BindSpec(spec, offlineLoader{}, schema.ValidationOptions{})
		if err != nil {
			return nil, err
		}
		if diags.HasErrors() {
			return nil, diags
		}
		generated, err := generators[lang](pkg)
		if err != nil {
			return nil, fmt.Errorf("generating the %s SDK: %w", lang, err)
		}
		for name, content := range generated {
			files[path.Join("sdk", lang, name)] = content
		}
	}
	if err := packageReadmes(files); err != nil {
		return nil, err
	}
	if err := nodeEngines(files); err != nil {
		return nil, err
	}
	return files, nil
}

// NodeEngine is the Node.js versions the Node.js SDK declares: @pulumi/pulumi
// >= 3.249 (and so the SDK's ^3.269.0) needs Node.js 22.
const NodeEngine = ">=22"

// nodeEngines adds "engines" to the Node.js SDK's package.json, which the
// generator has no setting for, after its dependencies, keeping the order
// of the other fields.
func nodeEngines(files map[string][]byte) error {
	const name = "sdk/nodejs/package.json"
	dec := json.NewDecoder(bytes.NewReader(files[name]))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return fmt.Errorf("%s: not a JSON object", name)
	}
	var out bytes.Buffer
	out.WriteByte('{')
	for first := true; dec.More(); first = false {
		key, err := dec.Token()
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		var value json.RawMessage
		if err := dec.Decode(&value); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		if key == "engines" {
			return fmt.Errorf("%s: the generator now writes engines; set it there", name)
		}
		if !first {
			out.WriteByte(',')
		}
		k, _ := json.Marshal(key)
		fmt.Fprintf(&out, "%s:%s", k, value)
		if key == "devDependencies" {
			fmt.Fprintf(&out, `,"engines":{"node":%q}`, NodeEngine)
		}
	}
	out.WriteByte('}')
	if !bytes.Contains(out.Bytes(), []byte(`"engines"`)) {
		return fmt.Errorf("%s: no devDependencies to put engines after", name)
	}
	var indented bytes.Buffer
	if err := json.Indent(&indented, out.Bytes(), "", "    "); err != nil {
		return err
	}
	files[name] = append(indented.Bytes(), '\n')
	return nil
}

//go:embed package-readme.md.tmpl
var packageReadme string

// docsURL is where the package READMEs link the documentation pages.
const docsURL = "https://github.com/orgbackup/pulumi-orgbackup/blob/main/docs"

// readmes are the package READMEs of npm and PyPI: the same essentials as
// the repository's README, with the install command and first program of
// the package's language.
var readmes = map[string]struct{ Install, Requirement, Lang, Program string }{
	"sdk/nodejs/README.md": {
		Install:     "npm install @orgbackup/pulumi-orgbackup",
		Requirement: "Node.js " + NodeEngine + ".",
		Lang:        "ts",
		Program: `import * as orgbackup from "@orgbackup/pulumi-orgbackup";

const backup = new orgbackup.OrgBackup("backup", {
    centralAccountResourceNamePrefix: "immutable-aws-backup-",
    memberAccountResourceNamePrefix: "orgdeploy-aws-backup-",
    regions: ["eu-west-2", "eu-west-1"],
    alerts: { subscriptions: [{ protocol: "email", endpoint: "backup-alerts@example.com" }] },
    deployments: {
        "website-service": {
            backupTargets: ["ou-abcd-defghijk"],
            minRetentionDays: 7,
            maxRetentionDays: 90,
            backupTagKey: "BackupPlan",
            plans: {
                "GFS-7-28-90": {
                    rules: [
                        { name: "daily", scheduleExpression: "cron(0 3 ? * * *)", deleteAfterDays: 7 },
                        { name: "weekly", scheduleExpression: "cron(0 3 ? * 2 *)", deleteAfterDays: 28 },
                        { name: "monthly", scheduleExpression: "cron(0 3 1 * ? *)", deleteAfterDays: 90 },
                    ],
                },
            },
        },
    },
});

export const deployments = backup.deployments;
`,
	},
	"sdk/python/README.md": {
		Install:     "pip install pulumi_orgbackup",
		Requirement: "Python 3.9 or later.",
		Lang:        "python",
		Program: `import pulumi
import pulumi_orgbackup as orgbackup

backup = orgbackup.OrgBackup("backup",
    central_account_resource_name_prefix="immutable-aws-backup-",
    member_account_resource_name_prefix="orgdeploy-aws-backup-",
    regions=["eu-west-2", "eu-west-1"],
    alerts=orgbackup.AlertsArgs(subscriptions=[
        orgbackup.AlertSubscriptionArgs(protocol="email", endpoint="backup-alerts@example.com"),
    ]),
    deployments={
        "website-service": orgbackup.DeploymentArgs(
            backup_targets=["ou-abcd-defghijk"],
            min_retention_days=7,
            max_retention_days=90,
            backup_tag_key="BackupPlan",
            plans={
                "GFS-7-28-90": orgbackup.PlanArgs(rules=[
                    orgbackup.RuleArgs(name="daily", schedule_expression="cron(0 3 ? * * *)", delete_after_days=7),
                    orgbackup.RuleArgs(name="weekly", schedule_expression="cron(0 3 ? * 2 *)", delete_after_days=28),
                    orgbackup.RuleArgs(name="monthly", schedule_expression="cron(0 3 1 * ? *)", delete_after_days=90),
                ]),
            },
        ),
    })

pulumi.export("deployments", backup.deployments)
`,
	},
}

// packageReadmes replaces the generated one-line READMEs of the npm and
// PyPI packages (the Python package's own copy too).
func packageReadmes(files map[string][]byte) error {
	tmpl, err := template.New("readme").Parse(packageReadme)
	if err != nil {
		return err
	}
	for name, r := range readmes {
		if _, ok := files[name]; !ok {
			return fmt.Errorf("%s: the generator wrote no README there", name)
		}
		var buf bytes.Buffer
		if err := tmpl.Execute(&buf, map[string]string{
			"Install": r.Install, "Requirement": r.Requirement, "Lang": r.Lang, "Program": r.Program, "Docs": docsURL,
		}); err != nil {
			return err
		}
		files[name] = buf.Bytes()
	}
	files["sdk/python/pulumi_orgbackup/README.md"] = files["sdk/python/README.md"]
	return nil
}

var generators = map[string]func(*schema.Package) (map[string][]byte, error){
	"go": func(pkg *schema.Package) (map[string][]byte, error) {
		return gogen.GeneratePackage(tool, pkg, nil)
	},
	"nodejs": func(pkg *schema.Package) (map[string][]byte, error) {
		return nodejsgen.GeneratePackage(tool, pkg, nil, nil, false, offlineLoader{})
	},
	"python": func(pkg *schema.Package) (map[string][]byte, error) {
		files, err := pythongen.GeneratePackage(tool, pkg, nil, offlineLoader{})
		if err != nil {
			return nil, err
		}
		// pyproject.toml names a README.md beside it; the generator writes it
		// only inside the package.
		for name, content := range files {
			if path.Base(name) == "README.md" && strings.Count(name, "/") == 1 {
				files["README.md"] = content
			}
		}
		return files, nil
	},
}

// Write replaces schema.json and the generated SDK directories under root.
func Write(root string, files map[string][]byte) error {
	for _, lang := range Languages {
		if err := os.RemoveAll(filepath.Join(root, "sdk", lang)); err != nil {
			return err
		}
	}
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		target := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(target, files[name], 0o644); err != nil {
			return err
		}
	}
	return nil
}

// offlineLoader refuses every package but the one being bound: the schema
// refers to no other package, so nothing is ever fetched.
type offlineLoader struct{}

func (offlineLoader) refuse(name string) error {
	return fmt.Errorf("the schema refers to package %q; it must refer to no other package", name)
}

func (l offlineLoader) LoadPackage(name string, _ *semver.Version) (*schema.Package, error) {
	return nil, l.refuse(name)
}

func (l offlineLoader) LoadPackageV2(_ context.Context, d *schema.PackageDescriptor) (*schema.Package, error) {
	return nil, l.refuse(d.Name)
}

func (l offlineLoader) LoadPackageReference(name string, _ *semver.Version) (schema.PackageReference, error) {
	return nil, l.refuse(name)
}

func (l offlineLoader) LoadPackageReferenceV2(_ context.Context, d *schema.PackageDescriptor,
) (schema.PackageReference, error) {
	return nil, l.refuse(d.Name)
}
