<!DOCTYPE html>
<html lang="fr">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>{{title}} | {{service_name}}</title>
  <link rel="stylesheet" href="/static/pixorga.css">
  <script src="/static/pixorga.js" defer></script>
</head>
<body class="{{get('body_class', '')}}">
  <a class="skip-link" href="#contenu">Aller au contenu</a>
  {{!base}}
</body>
</html>
