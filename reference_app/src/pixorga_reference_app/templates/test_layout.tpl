% rebase('base.tpl', title=title, body_class='public test-flow')
<div class="public-page">
  <header class="public-header test-header">
    <p class="brand"><span class="brand-pix">Pix</span></p>
    <p class="test-title">Parcours {{parcours.title}}</p>
  </header>
  <main id="contenu" class="card" tabindex="-1">
    % if parcours.is_preview:
    <p class="alert alert-info" role="note">Aperçu de la campagne : vos réponses ne sont comptées nulle part.</p>
    % end
    % if get('notice'):
    <div class="alert alert-info" role="status"><p>{{notice}}</p></div>
    % end
    % if get('error'):
    <div class="alert alert-error" role="alert"><p>{{error}}</p></div>
    % end
    {{!base}}
  </main>
</div>
