% rebase('base.tpl', title=title, body_class='public')
<div class="public-page">
  <header class="public-header">
    <p class="brand"><span class="brand-pix">Pix</span> <span class="brand-orga">Orga</span></p>
  </header>
  <main id="contenu" class="card" tabindex="-1">
    {{!base}}
  </main>
</div>
