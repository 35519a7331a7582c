% rebase('orga.tpl', title=title, ctx=ctx, section=section, csrf_token=csrf_token)
<h1>{{title}}</h1>
% if confirmed:
<div class="alert alert-success" role="status">
  <p>L'import du fichier « {{file_name}} » a déjà été confirmé : il n'est pas importé une seconde fois.</p>
</div>
% else:
<div class="alert alert-warning" role="status">
  <p>L'import du fichier « {{file_name}} » a été annulé : aucun élève n'a été modifié.</p>
</div>
% end
<p><a class="button" href="{{paths.learners(ctx.organization.id)}}">Voir la liste des élèves</a></p>
