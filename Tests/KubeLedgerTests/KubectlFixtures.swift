/// Output recorded from kubectl v1.32.4
/// (`kubectl create deployment web --image=nginx:1.25 --dry-run=client -o json|yaml`,
/// `kubectl create configmap … --dry-run=client`, `kubectl label --local -f … -o json|yaml`).
enum KubectlFixtures {
    static let webJSON = #"""
        {
            "kind": "Deployment",
            "apiVersion": "apps/v1",
            "metadata": {
                "name": "web",
                "creationTimestamp": null,
                "labels": {
                    "app": "web"
                }
            },
            "spec": {
                "replicas": 1,
                "selector": {
                    "matchLabels": {
                        "app": "web"
                    }
                },
                "template": {
                    "metadata": {
                        "creationTimestamp": null,
                        "labels": {
                            "app": "web"
                        }
                    },
                    "spec": {
                        "containers": [
                            {
                                "name": "nginx",
                                "image": "nginx:1.25",
                                "resources": {}
                            }
                        ]
                    }
                },
                "strategy": {}
            },
            "status": {}
        }
        """#
    static let webYAML = #"""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          creationTimestamp: null
          labels:
            app: web
          name: web
        spec:
          replicas: 1
          selector:
            matchLabels:
              app: web
          strategy: {}
          template:
            metadata:
              creationTimestamp: null
              labels:
                app: web
            spec:
              containers:
              - image: nginx:1.25
                name: nginx
                resources: {}
        status: {}
        """#
    static let cmJSON = #"""
        {
            "kind": "ConfigMap",
            "apiVersion": "v1",
            "metadata": {
                "name": "c",
                "creationTimestamp": null
            },
            "data": {
                "B": "x",
                "_u": "x",
                "a": "aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj kkkk llll mmmm nnnn oooo pppp qqqq rrrr ssss \#
        tttt uuuu vvvv",
                "a10": "x",
                "a9": "x",
                "aa": "\u003c\u003c",
                "ae": "0x",
                "af": "1.",
                "ai": "08",
                "aj": "x\r\ny",
                "ak": "1.25",
                "al": "true",
                "am": "",
                "an": " x ",
                "ao": "l1\nl2\n",
                "ap": "a #b",
                "aq": "it's",
                "ar": "*x",
                "as": "a2",
                "b": "'aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj kkkk llll mmmm nnnn oooo pppp qqqq rrrr ssss \#
        tttt uuuu vvvv",
                "c": "tab\there",
                "d": "\n lead",
                "e": "x\n\n",
                "f": "12:30",
                "g": "trail \nx",
                "h": "é ü",
                "i": "😀",
                "j": "-",
                "k": "a:",
                "l": "?x",
                "n2": "---",
                "p": "[x",
                "r": "+1",
                "t": "0o17",
                "u": "1_000",
                "v": "2026-1-2",
                "w": "2026-01-01T10:00:00Z",
                "x": "2026-01-01 10:00:00",
                "y": "n",
                "y2": "2026-01-01T10:00:00",
                "z": ".inf"
            }
        }
        """#
    static let cmYAML = #"""
        apiVersion: v1
        data:
          _u: x
          B: x
          a: aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj kkkk llll mmmm nnnn oooo pppp
            qqqq rrrr ssss tttt uuuu vvvv
          a9: x
          a10: x
          aa: <<
          ae: 0x
          af: "1."
          ai: "08"
          aj: "x\r\ny"
          ak: "1.25"
          al: "true"
          am: ""
          an: ' x '
          ao: |
            l1
            l2
          ap: 'a #b'
          aq: it's
          ar: '*x'
          as: a2
          b: '''aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj kkkk llll mmmm nnnn oooo
            pppp qqqq rrrr ssss tttt uuuu vvvv'
          c: "tab\there"
          d: |2-

             lead
          e: |+
            x

          f: "12:30"
          g: "trail \nx"
          h: é ü
          i: "\U0001F600"
          j: '-'
          k: 'a:'
          l: ?x
          n2: '---'
          p: '[x'
          r: "+1"
          t: "0o17"
          u: "1_000"
          v: "2026-1-2"
          w: "2026-01-01T10:00:00Z"
          x: "2026-01-01 10:00:00"
          "y": "n"
          y2: 2026-01-01T10:00:00
          z: ".inf"
        kind: ConfigMap
        metadata:
          creationTimestamp: null
          name: c
        """#
    static let n2JSON = #"""
        {
            "apiVersion": "example.com/v1",
            "kind": "Foo",
            "metadata": {
                "labels": {
                    "foo": "bar"
                },
                "name": "x"
            },
            "spec": {
                "a": 1000,
                "b": 1000,
                "c": 1.5e-7,
                "d": 12345678901234567000,
                "e": 1e+21,
                "f": 123456789012345680000,
                "g": 0,
                "h": 0.1,
                "i": 1000000,
                "j": [],
                "k": {},
                "l": null,
                "m": true,
                "n": [
                    [
                        1,
                        2
                    ],
                    {
                        "a": [
                            {
                                "b": 1
                            }
                        ]
                    }
                ],
                "o": [
                    {
                        "x": "a",
                        "y": {
                            "z": 1
                        }
                    },
                    "s"
                ],
                "p": "line1\nline2",
                "q": [
                    {},
                    []
                ],
                "r": [
                    null
                ],
                "s": 100000000000000000000,
                "t": 100000000,
                "u": 0.00003,
                "w": -1.25
            }
        }
        """#
    static let n2YAML = #"""
        apiVersion: example.com/v1
        kind: Foo
        metadata:
          labels:
            foo: bar
          name: x
        spec:
          a: 1000
          b: 1000
          c: 1.5e-07
          d: 12345678901234567000
          e: 1e+21
          f: 1.2345678901234568e+20
          g: 0
          h: 0.1
          i: 1000000
          j: []
          k: {}
          l: null
          m: true
          "n":
          - - 1
            - 2
          - a:
            - b: 1
          o:
          - x: a
            "y":
              z: 1
          - s
          p: |-
            line1
            line2
          q:
          - {}
          - []
          r:
          - null
          s: 1e+20
          t: 100000000
          u: 3e-05
          w: -1.25
        """#
}
