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
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

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
	return files, nil
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
