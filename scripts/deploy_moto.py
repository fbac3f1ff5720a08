#!/usr/bin/env python3
"""Deploys infrastructure/template.yaml to moto_server's CloudFormation:
scripts/deploy_moto.py ENDPOINT STACK [--environment development] [--save FILE | --from FILE]

The SAM template is transformed by aws-sam-translator (which cfn-lint brings), each function's
CodeUri pointing at a placeholder bootstrap uploaded to a deployment bucket (moto creates the
functions but this deployment does not run them: the handlers run in the test process, on the
tables and buckets the stack created). moto's CloudFormation cannot create every resource type
the template uses; those resources are left out, every reference to them is replaced by a
placeholder, and they are listed, so docs/deployment.md can say how each is checked instead.
The stack's outputs name every table and bucket (`testex-local --backend aws` with TESTEX_STACK
reads them and checks each against what the code expects).

`--save FILE` keeps the template as deployed; `--from FILE` deploys such a file again without
transforming (and without importing moto or the translator: the test harness redeploys the
stack on a freshly reset moto_server before each test, in about a second).
"""
import io
import json
import os
import sys
import zipfile

os.environ.setdefault("AWS_DEFAULT_REGION", os.environ.get("AWS_REGION", "us-east-1"))
import boto3  # noqa: E402

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
DEPLOY_BUCKET = "testex-deployment-artifacts"


def parameters(environment):
    return {"Environment": environment, "SenderDomain": "testex-dev.com", "AllowedOrigin": "*"}


def placeholder_bundle():
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as bundle:
        bundle.writestr("bootstrap", "#!/bin/sh\necho 'a placeholder: the handlers run in the test process' >&2\nexit 1\n")
    return archive.getvalue()


def upload_bundles(client, names):
    client.create_bucket(Bucket=DEPLOY_BUCKET)
    for name in names:
        client.put_object(Bucket=DEPLOY_BUCKET, Key=name + ".zip", Body=placeholder_bundle())


def translated(environment, client):
    from cfnlint.decode import decode_str
    from samtranslator.translator.transform import transform
    text = open(os.path.join(ROOT, "infrastructure", "template.yaml")).read()
    template, problems = decode_str(text)
    if problems:
        sys.exit("the template does not parse: %s" % problems)
    functions = [name for name, resource in template["Resources"].items() if resource["Type"] == "AWS::Serverless::Function"]
    upload_bundles(client, functions)
    for name in functions:
        template["Resources"][name]["Properties"]["CodeUri"] = "s3://%s/%s.zip" % (DEPLOY_BUCKET, name)

    class NoManagedPolicies:
        def load(self):
            return {}

    return transform(template, parameters(environment), NoManagedPolicies())


def placeholder(resource, attribute=None):
    return "moto-omitted-%s%s" % (resource, "-" + attribute if attribute else "")


def without(value, removed):
    """`value` with every reference to a removed resource replaced by a placeholder string."""
    if isinstance(value, list):
        return [without(item, removed) for item in value]
    if not isinstance(value, dict):
        return value
    if set(value) == {"Ref"} and value["Ref"] in removed:
        return placeholder(value["Ref"])
    if set(value) == {"Fn::GetAtt"}:
        target = value["Fn::GetAtt"]
        name, attribute = target if isinstance(target, list) else target.split(".", 1)
        if name in removed:
            return placeholder(name, attribute)
    if set(value) == {"Fn::Sub"}:
        sub = value["Fn::Sub"]
        text, variables = (sub, {}) if isinstance(sub, str) else (sub[0], sub[1])
        for name in removed:
            text = text.replace("${%s}" % name, placeholder(name))
            while "${%s." % name in text:
                start = text.index("${%s." % name)
                end = text.index("}", start)
                text = text[:start] + placeholder(name, text[start + len(name) + 3:end]) + text[end + 1:]
        return {"Fn::Sub": text if not variables else [text, without(variables, removed)]}
    return {key: without(item, removed) for key, item in value.items()}


def option(name):
    return sys.argv[sys.argv.index(name) + 1] if name in sys.argv else None


def moto_template(environment, s3):
    """The transformed template without what moto cannot create, and the types left out."""
    from moto.cloudformation.parsing import get_model_map
    template = translated(environment, s3)
    # moto creates a RestApi without the methods of its Body (the OpenAPI SAM generates), and
    # then refuses a Deployment of an API "without methods". A stream's event source mapping
    # would hand the contracts stream's records to the placeholder function, which moto then
    # drops from the stream: the handlers' own poller (with the mapping's settings) consumes it.
    supported = set(get_model_map()) - {"AWS::ApiGateway::Deployment", "AWS::Lambda::EventSourceMapping"}
    removed = {name: resource["Type"] for name, resource in template["Resources"].items() if resource["Type"] not in supported}
    template["Resources"] = {name: resource for name, resource in template["Resources"].items() if name not in removed}
    for resource in template["Resources"].values():
        if "DependsOn" in resource:
            depends = resource["DependsOn"] if isinstance(resource["DependsOn"], list) else [resource["DependsOn"]]
            resource["DependsOn"] = [name for name in depends if name not in removed]
    return without(template, set(removed)), sorted(set(removed.values())), len(removed)


def main():
    endpoint, stack = sys.argv[1], sys.argv[2]
    environment = option("--environment") or "development"
    options = dict(endpoint_url=endpoint, region_name=os.environ["AWS_DEFAULT_REGION"],
                   aws_access_key_id=os.environ.get("AWS_ACCESS_KEY_ID", "testing"),
                   aws_secret_access_key=os.environ.get("AWS_SECRET_ACCESS_KEY", "testing"))
    s3 = boto3.client("s3", **options)
    if option("--from"):
        saved = json.load(open(option("--from")))
        template, kinds, left_out = saved["template"], saved["left_out_types"], saved["left_out"]
        upload_bundles(s3, [name for name, r in template["Resources"].items() if r["Type"] == "AWS::Lambda::Function"])
    else:
        template, kinds, left_out = moto_template(environment, s3)
    if option("--save"):
        with open(option("--save"), "w") as file:
            json.dump({"template": template, "left_out_types": kinds, "left_out": left_out}, file)
    cloudformation = boto3.client("cloudformation", **options)
    cloudformation.create_stack(StackName=stack, TemplateBody=json.dumps(template),
                                Parameters=[{"ParameterKey": k, "ParameterValue": v} for k, v in parameters(environment).items()],
                                Capabilities=["CAPABILITY_IAM", "CAPABILITY_NAMED_IAM", "CAPABILITY_AUTO_EXPAND"])
    described = cloudformation.describe_stacks(StackName=stack)["Stacks"][0]
    if described["StackStatus"] != "CREATE_COMPLETE":
        sys.exit("stack %s: %s %s" % (stack, described["StackStatus"], described.get("StackStatusReason", "")))
    created = cloudformation.list_stack_resources(StackName=stack)["StackResourceSummaries"]
    if not option("--from"):
        print("deploy: stack %s CREATE_COMPLETE on %s: %d resources created; %d left out (types moto's CloudFormation "
              "cannot create, or that would act on the placeholder functions): %s"
              % (stack, endpoint, len(created), left_out, ", ".join(kinds)))


if __name__ == "__main__":
    main()
