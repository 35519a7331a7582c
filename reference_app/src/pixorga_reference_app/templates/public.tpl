% rebase('base.tpl', title=title, body_class='public')
<div class="public-page">
  <header class="public-header">
    <p class="brand">{{service_name}}</p>
  </header>
  <main id="contenu" class="card" tabindex="-1">
    {{!base}}
  </main>
</div>
