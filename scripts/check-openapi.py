#!/usr/bin/env python3
"""Checks LawTrail's OpenAPI document with standard tools (issue 11 item 7).

Usage: check-openapi.py [FILE]   (reads standard input without FILE or with "-")

The document must load with PyYAML's safe loader (the parser most tools share), be an OpenAPI 3.1
document that openapi-spec-validator accepts, and describe every operation completely: a response
schema for each JSON answer, a request-body schema for each JSON body, and no answer given as prose
only. Needs: pip install pyyaml openapi-spec-validator
"""
import sys

import yaml
from openapi_spec_validator import validate
from openapi_spec_validator.validation.exceptions import OpenAPIValidationError

METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def read(argv):
    if len(argv) > 1 and argv[1] != "-":
        with open(argv[1], encoding="utf-8") as handle:
            return handle.read(), argv[1]
    return sys.stdin.read(), "<stdin>"


def resolve(document, node):
    """Follows a local `$ref` (`#/components/...`) to what it names."""
    while isinstance(node, dict) and "$ref" in node:
        reference = node["$ref"]
        if not reference.startswith("#/"):
            raise ValueError(f"only local references are expected: {reference}")
        target = document
        for part in reference[2:].split("/"):
            target = target[part.replace("~1", "/").replace("~0", "~")]
        node = target
    return node


def empty_keys(node, path=""):
    """Keys without a value: in a flow mapping `{ description: a, b }` makes `b` such a key, which
    YAML and JSON Schema both accept silently."""
    if isinstance(node, dict):
        for key, value in node.items():
            here = f"{path}/{key}"
            if value is None and key not in ("default", "example", "const"):
                yield here
            yield from empty_keys(value, here)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from empty_keys(value, f"{path}/{index}")


def completeness(document):
    """What standard validation allows but LawTrail's contract does not: prose-only answers."""
    problems = [f"{key}: a key without a value (a comma in an unquoted flow scalar?)" for key in empty_keys(document)]
    for path, item in document.get("paths", {}).items():
        for method in METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            name = f"{method.upper()} {path}"
            if "operationId" not in operation:
                problems.append(f"{name}: no operationId")
            body = resolve(document, operation.get("requestBody", {}))
            for media, content in body.get("content", {}).items():
                if "json" in media and "schema" not in content:
                    problems.append(f"{name}: request body {media} has no schema")
            responses = operation.get("responses", {})
            if not any(str(status).startswith("2") for status in responses):
                if not any(str(status) == "405" for status in responses):
                    problems.append(f"{name}: no success response")
            for status, response in responses.items():
                response = resolve(document, response)
                content = response.get("content", {})
                if str(status) >= "400" or status == "default":
                    problem = content.get("application/problem+json")
                    if problem is None or "schema" not in problem:
                        problems.append(f"{name} {status}: a refusal without an application/problem+json schema")
                for media, entry in content.items():
                    if ("json" in media or media.startswith("text/")) and "schema" not in entry:
                        problems.append(f"{name} {status}: {media} without a schema")
    return problems


def main(argv):
    text, source = read(argv)
    try:
        document = yaml.safe_load(text)
    except yaml.YAMLError as error:
        print(f"{source}: not valid YAML: {error}", file=sys.stderr)
        return 1
    if not isinstance(document, dict) or not str(document.get("openapi", "")).startswith("3.1."):
        print(f"{source}: not an OpenAPI 3.1 document", file=sys.stderr)
        return 1
    try:
        validate(document)
    except OpenAPIValidationError as error:
        where = getattr(error, "json_path", "")
        print(f"{source}: not valid OpenAPI 3.1 at {where}: {getattr(error, 'message', error)}", file=sys.stderr)
        return 1
    problems = completeness(document)
    for problem in problems:
        print(f"{source}: {problem}", file=sys.stderr)
    if problems:
        return 1
    operations = sum(1 for item in document["paths"].values() for method in METHODS if method in item)
    print(f"{source}: valid OpenAPI {document['openapi']}, {operations} operations, every one with its schemas")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
